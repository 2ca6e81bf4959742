using HateCase.Domain.Cases;
using HateCase.Domain.Risk;

namespace HateCase.Mail.Rendering;

// The morning list of deadlines: an officer's own cases, the cases waiting for an officer, or the
// deadlines missed across the team. Like every staff message it names cases, never the people in them.
internal static class DigestMessages
{
    private enum Audience
    {
        Officer,
        WaitingForOfficer,
        Escalation,
    }

    public static (string Subject, MessageDocument Body) Write(Digest digest, LandlordDetails landlord, ILinks links, string? redirectedNote)
    {
        var audience = digest.Recipient switch
        {
            MessageRecipient.Officer => Audience.Officer,
            MessageRecipient.Team { Role: StaffRoles.CaseOfficers } => Audience.WaitingForOfficer,
            _ => Audience.Escalation,
        };
        var day = UkTime.Date(digest.Day);
        var body = new MessageDocument();
        if (redirectedNote is not null)
        {
            body.StartPanel().Paragraph(redirectedNote).EndPanel();
        }
        var (title, guidance) = audience switch
        {
            Audience.Officer => ($"Your cases today, {day}", null),
            Audience.WaitingForOfficer => ($"Cases waiting for an officer, {day}",
                "These cases have no case officer yet. Please make sure someone picks up each one."),
            _ => ($"Missed deadlines across the team, {day}",
                "These deadlines have passed and the work is still to be done. Please check each case and agree the next step with its officer."),
        };
        body.Heading(title);
        if (guidance is not null)
        {
            body.Paragraph(guidance);
        }
        body.Paragraph(Summary(digest));
        if (digest.NotListed > 0)
        {
            body.Paragraph($"{(digest.NotListed == 1 ? "1 more is" : $"{digest.NotListed} more are")} not listed here, to keep this email short. You will find them in the case list in the case system.");
        }
        // My work lists the same groups, kept up to date through the day.
        body.Link("Open My work in the case system", links.MyWork());
        foreach (var section in Enum.GetValues<DigestSection>().Where(s => digest.Count(s) > 0))
        {
            body.Subheading(SectionHeading(section, digest.NextWorkingDay))
                .LinkedItems(digest.Entries.Where(e => e.Section == section).Select(e => Item(e, audience, links)));
        }
        StaffMessages.Footer(body, landlord, manyCases: true);
        return ($"{title}: {SubjectCounts(digest)}", body);
    }

    private static (string Title, Uri Url, IReadOnlyList<(string Label, string Value)> Details) Item(DigestEntry entry, Audience audience, ILinks links)
    {
        var reference = string.IsNullOrWhiteSpace(entry.Reference) ? entry.CaseId : entry.Reference;
        var details = new List<(string, string)>
        {
            (entry.Section == DigestSection.Overdue ? "Was due" : "Due", UkTime.DateAndTime(entry.DueAt)),
            ("Risk", entry.IsHate ? $"{Risk(entry.Risk)}, hate incident" : Risk(entry.Risk)),
        };
        if (audience == Audience.Escalation || audience == Audience.WaitingForOfficer && entry.OfficerId is not null)
        {
            details.Add(("Officer", entry.OfficerId ?? "not assigned"));
        }
        if (StaffMessages.InterpreterNeed(entry.Interpreter) is { } need)
        {
            details.Add(("Interpreter needed", need));
        }
        return ($"{reference}: {DeadlineNames.Of(entry.Deadline)}", links.Case(entry.CaseId), details);
    }

    // "2 deadlines overdue, 1 due today and 3 due by the end of Tuesday 24 November 2026."
    private static string Summary(Digest digest)
    {
        var parts = Enum.GetValues<DigestSection>()
            .Where(s => digest.Count(s) > 0)
            .Select((s, i) => $"{(i == 0 ? MessageContext.Count(digest.Count(s), "deadline") : digest.Count(s))} {SectionWords(s, digest.NextWorkingDay)}")
            .ToList();
        return parts.Count switch
        {
            0 => $"Nothing is overdue or due by the end of {UkTime.Date(digest.NextWorkingDay)}.",
            1 => parts[0] + ".",
            _ => $"{string.Join(", ", parts[..^1])} and {parts[^1]}.",
        };
    }

    private static string SubjectCounts(Digest digest)
    {
        var parts = Enum.GetValues<DigestSection>()
            .Where(s => digest.Count(s) > 0)
            .Select(s => $"{digest.Count(s)} {(s == DigestSection.DueByNextWorkingDay ? "due soon" : SectionWords(s, digest.NextWorkingDay))}")
            .ToList();
        if (digest.NotListed > 0)
        {
            parts.Add($"{digest.NotListed} more");
        }
        return parts.Count == 0 ? "nothing due" : string.Join(", ", parts);
    }

    private static string SectionWords(DigestSection section, DateOnly nextWorkingDay) => section switch
    {
        DigestSection.Overdue => "overdue",
        DigestSection.DueToday => "due today",
        _ => $"due by the end of {UkTime.Date(nextWorkingDay)}",
    };

    private static string SectionHeading(DigestSection section, DateOnly nextWorkingDay)
    {
        var words = SectionWords(section, nextWorkingDay);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static string Risk(RiskLevel risk) => risk switch
    {
        RiskLevel.High => "High",
        RiskLevel.Medium => "Medium",
        _ => "Low",
    };
}
