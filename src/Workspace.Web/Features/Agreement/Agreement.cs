using System.ComponentModel.DataAnnotations;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Agreement;

/// <summary>The sections every partnering agreement has, in the order they are read.</summary>
public enum AgreementSectionKind
{
    [Display(Name = "Vision and shared goals")]
    Vision,
    [Display(Name = "Principles")]
    Principles,
    [Display(Name = "Roles and responsibilities")]
    Roles,
    [Display(Name = "How decisions are made")]
    DecisionMaking,
    [Display(Name = "Resources")]
    Resources,
    [Display(Name = "Communication")]
    Communication,
    [Display(Name = "Review")]
    Review,
    [Display(Name = "How a partner leaves")]
    Leaving,
}

/// <summary>The working text of one section, which partners edit together until a facilitator issues a version.</summary>
public class AgreementSection : IVersioned
{
    public const int TextMaxLength = 20_000;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public AgreementSectionKind Kind { get; set; }

    /// <summary>Markdown, rendered sanitised.</summary>
    public string Text { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }

    public string UpdatedByUserId { get; set; } = "";

    public long Version { get; set; }
}

/// <summary>A numbered version of the agreement as issued for sign-off: the sections' text and the partners at that moment.</summary>
public class AgreementVersion
{
    public const int NoteMaxLength = 1_000;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public int Number { get; set; }

    public DateTime IssuedUtc { get; set; }

    public string IssuedByUserId { get; set; } = "";

    /// <summary>What changed, in the issuer's words.</summary>
    public string Note { get; set; } = "";

    /// <summary>The sections' text by kind (<see cref="AgreementSnapshot"/>), as issued.</summary>
    public string SectionsJson { get; set; } = "{}";

    /// <summary>The partner organisations when it was issued (<see cref="AgreementSnapshot"/>).</summary>
    public string PartnersJson { get; set; } = "[]";
}

/// <summary>A partner organisation's sign-off of a version, given by one of its people; a later one re-confirms it.</summary>
public class AgreementSignature
{
    public const int RoleMaxLength = 120;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid VersionId { get; set; }

    public Guid OrganisationId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The signer's name and role as they were when signing, kept if either changes later.</summary>
    public string SignerName { get; set; } = "";

    public string SignerRole { get; set; } = "";

    public DateTime SignedUtc { get; set; }
}

/// <summary>What each section is for, shown to the people writing it.</summary>
public static class AgreementSections
{
    public static string Prompt(AgreementSectionKind kind) => kind switch
    {
        AgreementSectionKind.Vision => "What the partners want to achieve together, and the shared goals it rests on.",
        AgreementSectionKind.Principles => "How partners treat each other: equity, transparency, mutual benefit, trust.",
        AgreementSectionKind.Roles => "Who does what: each partner's responsibilities, the facilitator's role, named contacts.",
        AgreementSectionKind.DecisionMaking => "How decisions are made and recorded: the rule (consensus, consent or majority) and who takes part.",
        AgreementSectionKind.Resources => "What each partner brings: money, staff time, expertise, data, facilities, networks.",
        AgreementSectionKind.Communication => "How and how often partners meet, report and share information.",
        AgreementSectionKind.Review => "When the agreement and the partnership's health are reviewed, and by whom.",
        AgreementSectionKind.Leaving => "How a partner leaves: notice, handing over commitments, what happens to shared data.",
        _ => "",
    };
}
