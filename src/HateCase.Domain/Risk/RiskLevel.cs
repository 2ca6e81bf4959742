namespace HateCase.Domain.Risk;

// RBC 8 table: High (urgent) 1 working day, Medium (persistent nuisance) 3, Low 5.
public enum RiskLevel
{
    Low = 0,
    Medium = 1,
    High = 2,
}
