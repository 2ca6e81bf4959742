using HateCase.Domain.Cases;
using HateCase.Domain.Profiles;
using HateCase.Mail.Rendering;
using HateCase.Mail.Tests.Support;
using HateCase.Testing;

namespace HateCase.Mail.Tests.Rendering;

// Each message as people will read it, kept next to the tests so a change of wording shows up in
// review. Set UPDATE_SNAPSHOTS=1 to write them again after a deliberate change.
public sealed class SnapshotTests
{
    private static readonly bool Updating = Environment.GetEnvironmentVariable("UPDATE_SNAPSHOTS") == "1";

    public static TheoryData<string, string> Snapshots()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in ProfileLoader.BuiltInIds)
        {
            foreach (var template in TestMessages.AllTemplates)
            {
                data.Add(profile, template.ToString());
            }
            data.Add(profile, PostedLetter);
            foreach (var digest in Digests.Keys)
            {
                data.Add(profile, digest);
            }
        }
        return data;
    }

    private const string PostedLetter = "ContactLetter.by-post";

    private static readonly Dictionary<string, Digest> Digests = new()
    {
        ["DailyDigest"] = TestMessages.OfficerDigest,
        ["DailyDigest.team-leader"] = TestMessages.TeamLeaderDigest,
        ["DailyDigest.case-officers"] = TestMessages.CaseOfficersDigest,
    };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Each_message_reads_as_its_reviewed_snapshot(string profileId, string name)
    {
        var profile = ProfileLoader.BuiltIn(profileId);
        var message = name switch
        {
            PostedLetter => TestMessages.Render(TestMessages.Item(MessageTemplate.ContactLetter, new MessageRecipient.ComplainantByPost(TestMessages.PostalAddress)), profile),
            _ when Digests.TryGetValue(name, out var digest) => TestMessages.Composer(profile).ComposeDigest(digest),
            _ => TestMessages.Render(TestMessages.Item(Enum.Parse<MessageTemplate>(name)), profile),
        };
        var actual = Snapshot(message);
        var path = Path.Combine(RepositoryRoot.Find(), "tests", "HateCase.Mail.Tests", "Snapshots", profileId, name + ".txt");

        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"No snapshot at {Path.GetRelativePath(RepositoryRoot.Find(), path)}; run the tests with UPDATE_SNAPSHOTS=1 and review it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    private static string Snapshot(RenderedMessage message) =>
        $"""
        To: {string.Join(", ", message.To)}
        Subject: {message.Subject}
        {(message.PrintedLetterFor is null ? "" : "Printed letter for: " + message.PrintedLetterFor.ReplaceLineEndings(", ") + "\n")}
        ===== TEXT =====
        {message.Text}
        ===== HTML =====
        {message.Html}
        """.ReplaceLineEndings("\n");
}
