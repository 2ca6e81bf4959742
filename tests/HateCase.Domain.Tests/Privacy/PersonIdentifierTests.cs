using HateCase.Domain.Privacy;

namespace HateCase.Domain.Tests.Privacy;

// A subject access request finds a person however their details were written down.
public class PersonIdentifierTests
{
    [Theory]
    [InlineData("07700 900482")]
    [InlineData("07700900482")]
    [InlineData("+44 7700 900482")]
    [InlineData("+447700900482")]
    [InlineData("+44 (0)7700 900482")]
    [InlineData("0044 7700 900482")]
    [InlineData("(07700) 900-482")]
    [InlineData(" 07700.900.482 ")]
    public void A_UK_phone_number_in_any_usual_form_is_the_same_number(string written) =>
        Assert.Equal(new PersonIdentifier(IdentifierKind.Phone, "07700900482"), PersonIdentifiers.Phone(written));

    [Theory]
    [InlineData("+33 1 23 45 67 89", "+33123456789")]
    [InlineData("0118 496 0000", "01184960000")]
    public void Other_numbers_keep_their_own_form(string written, string normal) =>
        Assert.Equal(normal, PersonIdentifiers.Phone(written)?.Value);

    [Theory]
    [InlineData("")]
    [InlineData("123")]
    [InlineData("call me on 07700 900482")]
    [InlineData("0770090048200000000")]
    public void What_is_not_a_phone_number_finds_nobody(string written) => Assert.Null(PersonIdentifiers.Phone(written));

    [Theory]
    [InlineData("Sam.Jones@Example.ORG")]
    [InlineData("  sam.jones@example.org ")]
    public void An_email_address_is_the_same_address_in_any_case_and_spacing(string written) =>
        Assert.Equal(new PersonIdentifier(IdentifierKind.Email, "sam.jones@example.org"), PersonIdentifiers.Email(written));

    [Theory]
    [InlineData("sam")]
    [InlineData("sam@")]
    [InlineData("@example.org")]
    [InlineData("sam jones@example.org")]
    [InlineData("a@b@example.org")]
    public void What_is_not_an_email_address_finds_nobody(string written) => Assert.Null(PersonIdentifiers.Email(written));

    [Theory]
    [InlineData("Sam Jones", "Flat 3, 10 High Street, Reading RG1 2AB")]
    [InlineData("  SAM   jones ", "10 high street rg12ab")]
    [InlineData("Sam Jones.", "rg1 2ab")]
    public void A_name_with_an_address_is_matched_by_the_postcode_whatever_its_spacing_and_case(string name, string address) =>
        Assert.Equal(new PersonIdentifier(IdentifierKind.NameAndAddress, "sam jones|RG12AB"), PersonIdentifiers.NameAndAddress(name, address));

    [Fact]
    public void Accents_and_punctuation_in_a_name_do_not_make_another_person() =>
        Assert.Equal(PersonIdentifiers.NameAndAddress("Zoë O'Brien", "RG1 2AB"), PersonIdentifiers.NameAndAddress("zoe o brien", "rg12ab"));

    [Fact]
    public void An_address_without_a_postcode_is_matched_by_its_words() =>
        Assert.Equal(PersonIdentifiers.NameAndAddress("Sam Jones", "Flat 3, 10 High Street"),
            PersonIdentifiers.NameAndAddress("sam jones", "flat 3 10 high street"));

    [Fact]
    public void The_same_name_at_another_address_is_another_person() =>
        Assert.NotEqual(PersonIdentifiers.NameAndAddress("Sam Jones", "RG1 2AB"), PersonIdentifiers.NameAndAddress("Sam Jones", "RG1 2AC"));

    [Theory]
    [InlineData("Sam Jones", "")]
    [InlineData("", "RG1 2AB")]
    [InlineData("  ", "RG1 2AB")]
    public void A_name_without_an_address_or_an_address_without_a_name_finds_nobody(string name, string address) =>
        Assert.Null(PersonIdentifiers.NameAndAddress(name, address));

    [Fact]
    public void Email_addresses_and_phone_numbers_written_in_a_witness_list_are_found()
    {
        var found = PersonIdentifiers.FoundIn("My neighbour Pat (pat@example.net, +44 7700 900123) saw it; also Lee on 0118 496 0001.");

        Assert.Equal(
            [
                new PersonIdentifier(IdentifierKind.Email, "pat@example.net"),
                new PersonIdentifier(IdentifierKind.Phone, "07700900123"),
                new PersonIdentifier(IdentifierKind.Phone, "01184960001"),
            ],
            found);
    }

    [Fact]
    public void Dates_and_flat_numbers_in_an_account_are_not_phone_numbers() =>
        Assert.Empty(PersonIdentifiers.FoundIn("On 12/03/2026 at 10:30 at flat 3, 10 High Street, two men shouted."));
}
