namespace HateCase.Domain.Cases;

// Why a case is kept past its retention date: the file is needed as evidence.
public enum LegalHoldReason
{
    // Court proceedings, brought by or against the landlord, that the file is evidence in.
    LegalAction,
    // A complaint to the Housing Ombudsman (or the Local Government Ombudsman) about the case.
    OmbudsmanComplaint,
}

public sealed record LegalHold(LegalHoldReason Reason, DateTimeOffset Since, string HeldBy);
