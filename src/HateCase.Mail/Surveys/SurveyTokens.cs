using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace HateCase.Mail.Surveys;

public enum SurveyTokenProblem
{
    Malformed,
    Tampered,
    Expired,
}

public abstract record SurveyTokenCheck
{
    private SurveyTokenCheck() { }

    // Respondent: the other complainant (RBC 9) the link is for; null for the complainant.
    public sealed record Valid(string CaseId, int ClosureNumber, DateTimeOffset ExpiresAt, string? Respondent = null) : SurveyTokenCheck;

    public sealed record Invalid(SurveyTokenProblem Problem) : SurveyTokenCheck;
}

// The token in a survey link: "{payload}.{mac}", both base64url, where the payload is
// "caseId|closureNumber|expiresUtcTicks", then "|@respondent" for another person who reported the
// case (RBC 9: each is surveyed in their own right), and the mac is HMAC-SHA256 of the payload under a
// secret key. It cannot be guessed or altered, names one case and closure, and stops working
// when the survey window closes. Answering only once is the case's job, not the token's.
public sealed class SurveyTokens
{
    public const string Section = "Surveys";
    public const string KeySetting = "Surveys:TokenKey";
    public const int MinimumKeyBytes = 32;

    // Far longer than any token we issue; anything longer is refused before any work is done.
    private const int MaxTokenChars = 1024;

    private readonly byte[] key;

    public SurveyTokens(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyBytes)
        {
            throw new ArgumentException($"The survey token key must be at least {MinimumKeyBytes} bytes.", nameof(key));
        }
        this.key = key.ToArray();
    }

    public static SurveyTokens FromBase64Key(string? base64Key) =>
        TryReadKey(base64Key, out var key) ? new SurveyTokens(key) : throw new ArgumentException(KeyProblem, nameof(base64Key));

    // For start-up validation: the problem with the configured key, or null when it is usable.
    public static string? ValidateKey(string? base64Key) => TryReadKey(base64Key, out _) ? null : KeyProblem;

    private static string KeyProblem =>
        $"{KeySetting} is required: a random secret of at least {MinimumKeyBytes} bytes, written in base64";

    private static bool TryReadKey(string? base64Key, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64Key))
        {
            return false;
        }
        try
        {
            key = Convert.FromBase64String(base64Key.Trim());
        }
        catch (FormatException)
        {
            return false;
        }
        return key.Length >= MinimumKeyBytes;
    }

    public string Issue(string caseId, int closureNumber, DateTimeOffset expiresAt, string? respondent = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(caseId);
        ArgumentOutOfRangeException.ThrowIfNegative(closureNumber);
        if (respondent is not null && (respondent.Length == 0 || respondent.Contains('|', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A respondent is a report id, without '|'.", nameof(respondent));
        }
        var forWhom = respondent is null ? "" : $"|@{respondent}";
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{caseId}|{closureNumber}|{expiresAt.UtcTicks}{forWhom}"));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(key, payload))}";
    }

    public SurveyTokenCheck Verify(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenChars)
        {
            return new SurveyTokenCheck.Invalid(SurveyTokenProblem.Malformed);
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || !TryDecode(token.AsSpan(0, dot), out var payload) || !TryDecode(token.AsSpan(dot + 1), out var mac))
        {
            return new SurveyTokenCheck.Invalid(SurveyTokenProblem.Malformed);
        }
        // The mac is checked before anything in the payload is believed.
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac))
        {
            return new SurveyTokenCheck.Invalid(SurveyTokenProblem.Tampered);
        }
        if (!TryParse(payload, out var caseId, out var closureNumber, out var expiresAt, out var respondent))
        {
            return new SurveyTokenCheck.Invalid(SurveyTokenProblem.Malformed);
        }
        return now >= expiresAt
            ? new SurveyTokenCheck.Invalid(SurveyTokenProblem.Expired)
            : new SurveyTokenCheck.Valid(caseId, closureNumber, expiresAt, respondent);
    }

    private static bool TryDecode(ReadOnlySpan<char> encoded, out byte[] bytes)
    {
        bytes = [];
        if (encoded.IsEmpty || !Base64Url.IsValid(encoded, out var length))
        {
            return false;
        }
        bytes = new byte[length];
        return Base64Url.TryDecodeFromChars(encoded, bytes, out var written) && written == length;
    }

    // The case id comes first and may itself hold '|', so the fields are read from the right; a
    // last field starting '@' names the respondent (an expiry is digits only).
    private static bool TryParse(byte[] payload, out string caseId, out int closureNumber, out DateTimeOffset expiresAt, out string? respondent)
    {
        caseId = "";
        closureNumber = 0;
        expiresAt = default;
        respondent = null;
        var text = Encoding.UTF8.GetString(payload);
        var lastField = text.LastIndexOf('|');
        if (lastField >= 0 && text.AsSpan(lastField + 1).StartsWith("@", StringComparison.Ordinal))
        {
            respondent = text[(lastField + 2)..];
            text = text[..lastField];
            if (respondent.Length == 0)
            {
                return false;
            }
        }
        var last = text.LastIndexOf('|');
        var middle = last > 0 ? text.LastIndexOf('|', last - 1) : -1;
        if (middle <= 0
            || !int.TryParse(text.AsSpan(middle + 1, last - middle - 1), NumberStyles.None, CultureInfo.InvariantCulture, out closureNumber)
            || !long.TryParse(text.AsSpan(last + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }
        caseId = text[..middle];
        expiresAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
