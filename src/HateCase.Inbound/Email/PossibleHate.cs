using System.Text.RegularExpressions;

namespace HateCase.Inbound.Email;

// Finds words that suggest the reporter perceives hostility or prejudice. A report with such
// words is handled as hate, high risk, until the officer's risk assessment says otherwise
// (RBC 5, MK 6.1); the victim's perception, asked at first contact, decides (LIVV 2.3).
public static class PossibleHate
{
    public static IReadOnlyList<string> WordsIn(string text, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        var found = new List<string>();
        foreach (var word in words)
        {
            var phrase = word.Trim();
            if (phrase.Length == 0 || found.Contains(phrase, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var pattern = @"(?<![\p{L}\p{N}])" +
                          string.Join(@"[\s\u00A0]+", phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)) +
                          @"(?![\p{L}\p{N}])";
            if (Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                found.Add(phrase);
            }
        }

        return found;
    }
}
