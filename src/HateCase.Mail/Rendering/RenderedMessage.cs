namespace HateCase.Mail.Rendering;

// One message ready to send. PrintedLetterFor is set when the message is a letter for the post
// room to print and post to that address, because the complainant has no email address.
public sealed record RenderedMessage(IReadOnlyList<string> To, string Subject, string Text, string Html, string? PrintedLetterFor);

public sealed class MessageRenderingException(string message) : Exception(message);
