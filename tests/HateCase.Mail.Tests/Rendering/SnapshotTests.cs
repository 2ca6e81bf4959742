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
        }
        return data;
    }

    private const string PostedLetter = "ContactLetter.by-post";

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Each_message_reads_as_its_reviewed_snapshot(string profileId, string name)
    {
        var item = name == PostedLetter
            ? TestMessages.Item(MessageTemplate.ContactLetter, new MessageRecipient.ComplainantByPost(TestMessages.PostalAddress))
            : TestMessages.Item(Enum.Parse<MessageTemplate>(name));
        var message = TestMessages.Render(item, ProfileLoader.BuiltIn(profileId));
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
