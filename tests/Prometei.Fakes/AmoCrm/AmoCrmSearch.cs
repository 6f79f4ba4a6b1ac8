using System.Globalization;

namespace Prometei.Fakes.AmoCrm;

/// <summary>
/// amoCRM's <c>?query=</c>: a full-text search over every filled field, not a phone lookup (contract §7, pitfall 5).
/// Words match as case-insensitive substrings of any field; a phone-like query (digits, spaces, <c>+ - ( ) .</c>) matches
/// when its digits occur inside the digits of any field. So <c>+77071234567</c> and <c>87071234567</c> are different
/// searches, the last 10 digits find every format, and digits inside another field (an ИИН) are hits too.
/// </summary>
internal static class AmoCrmSearch
{
    public static bool Matches(IEnumerable<string?> texts, string query)
    {
        var q = query.Trim();
        if (q.Length == 0)
        {
            return true;
        }

        var fields = texts.Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToList();
        if (IsPhoneLike(q))
        {
            var digits = Digits(q);
            return fields.Any(f => f.Contains(q, StringComparison.OrdinalIgnoreCase) || Digits(f).Contains(digits, StringComparison.Ordinal));
        }

        var words = q.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.All(w => fields.Any(f => f.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    public static bool IsPhoneLike(string query) =>
        query.Any(char.IsAsciiDigit) && query.All(c => char.IsAsciiDigit(c) || c is ' ' or '+' or '-' or '(' or ')' or '.');

    public static string Digits(string text) => string.Concat(text.Where(char.IsAsciiDigit));

    public static IEnumerable<string?> Texts(AmoContact contact) =>
        new[] { contact.Name, contact.FirstName, contact.LastName }
            .Concat(contact.CustomFields.SelectMany(f => f.Values.Select(v => v.Value)));

    public static IEnumerable<string?> Texts(AmoLead lead) =>
        new[] { lead.Name, lead.Id.ToString(CultureInfo.InvariantCulture) }
            .Concat(lead.CustomFields.SelectMany(f => f.Values.Select(v => v.Value)));

    /// <summary>The last 10 digits of a phone, how duplicate control compares phones.</summary>
    public static string? PhoneKey(string phone)
    {
        var digits = Digits(phone);
        return digits.Length >= 10 ? digits[^10..] : null;
    }
}
