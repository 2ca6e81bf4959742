namespace HateCase.Domain.Cases;

public static class CaseTimers
{
    // Every timer the case needs armed now, derived from its state: one per pending deadline
    // (its reminder until sent, then its due time), the letter-reply window, and the survey's
    // next step. The runtime arms exactly these and disarms the rest.
    public static IReadOnlyList<CaseTimer> Due(CaseState state)
    {
        if (state.FileOrNull is not { } file)
        {
            return [];
        }
        var timers = file.Deadlines.Select(d => d.LiveTimer).ToList();
        if (state.IsOpen && file.Contact.LetterReplyDueAt is { } replyDue)
        {
            timers.Add(new CaseTimer($"letter-reply-{file.Contact.LettersSent}", TimerKind.LetterReplyWindowEnds, replyDue));
        }
        if (state is CaseState.Closed { Survey: { } survey }
            && (survey.AcceptsAnswers || file.JoinedComplainants().Any(o => survey.AcceptsAnswersFrom(o.Id))))
        {
            var prefix = $"survey-{survey.ClosureNumber}";
            if (survey.InviteAt is { } inviteAt && survey.InvitedAt is null)
            {
                timers.Add(new CaseTimer($"{prefix}:invitation", TimerKind.SurveyInvitation, inviteAt));
            }
            else if (survey.RemindAt is { } remindAt && !survey.Reminded)
            {
                timers.Add(new CaseTimer($"{prefix}:reminder", TimerKind.SurveyReminder, remindAt));
            }
            else
            {
                timers.Add(new CaseTimer($"{prefix}:window-closes", TimerKind.SurveyWindowCloses, survey.ClosesAt));
            }
        }
        return timers;
    }
}
