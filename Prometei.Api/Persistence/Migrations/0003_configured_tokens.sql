-- Tokens in the environment replace the stored pair when they differ from those last taken from it, unless the stored
-- pair is newer by rotation (see Integrations/AmoCrm/AmoCrmTokenService.cs, ApplyConfigurationAsync).
-- configured_tokens: SHA-256 of the configured access and refresh token last taken ('before-0003': a connection stored
-- by an earlier version, origin unknown). amocrm_retired_tokens: SHA-256 of every token the connection held and replaced
-- (a rotated refresh token, a superseded pair), so a configuration that still names one of them never rolls back.
ALTER TABLE amocrm_connection ADD COLUMN configured_tokens text;
UPDATE amocrm_connection SET configured_tokens = 'before-0003' WHERE access_token IS NOT NULL OR refresh_token IS NOT NULL;

CREATE TABLE amocrm_retired_tokens (
    hash        text PRIMARY KEY,
    retired_at  timestamptz NOT NULL DEFAULT now()
);
