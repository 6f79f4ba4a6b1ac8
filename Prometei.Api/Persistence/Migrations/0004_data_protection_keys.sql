-- The Data Protection key ring, shared by every node of this service (Persistence/DataProtectionKeyRepository.cs): a
-- cookie, bearer token or stored secret protected by one node is read by the others. Unless DataProtection:KeysPath
-- names a shared folder instead.
CREATE TABLE data_protection_keys (
    friendly_name  text PRIMARY KEY,
    xml            text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
