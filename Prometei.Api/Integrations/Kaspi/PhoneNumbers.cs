namespace Prometei.Api.Integrations.Kaspi;

/// <summary>
/// Kazakh phone numbers to one form, <c>+7XXXXXXXXXX</c> (contract kaspi §9): Kaspi's 10 digits (<c>7071234567</c>) get
/// <c>+7</c> (the leading 7 is the operator prefix, never stripped); 11 digits starting with 7 or 8 (<c>87071234567</c>,
/// <c>+7 707 …</c>) keep their last 10. Other numbers with a <c>+</c> and 11–15 digits stay international
/// (<c>+998…</c>). Anything else is not a phone: null, and so is a masked one (Kaspi hides digits on some orders:
/// <c>707***4567</c>, <c>+7 707 123 XX 67</c>), whatever digits are left, since two customers can share what is left.
/// </summary>
public static class PhoneNumbers
{
    private static readonly char[] s_maskCharacters = ['*', 'x', 'X', 'х', 'Х', '•', '●', '#', '_', '?', '…'];

    public static string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        if (raw.IndexOfAny(s_maskCharacters) >= 0)
        {
            return null;
        }

        var digits = string.Concat(raw.Where(char.IsAsciiDigit));
        return digits.Length switch
        {
            10 => "+7" + digits,
            11 when digits[0] is '7' or '8' => "+7" + digits[1..],
            >= 11 and <= 15 when raw.TrimStart().StartsWith('+') => "+" + digits,
            _ => null,
        };
    }

    /// <summary>What to search amoCRM for: the last 10 digits, which every stored format contains.</summary>
    public static string SearchKey(string normalized)
    {
        var digits = string.Concat(normalized.Where(char.IsAsciiDigit));
        return digits.Length > 10 ? digits[^10..] : digits;
    }

    /// <summary>The last 4 digits, for logs that must not hold the number.</summary>
    public static string Masked(string? phone) =>
        phone is { Length: >= 4 } ? "…" + phone[^4..] : "…";
}
