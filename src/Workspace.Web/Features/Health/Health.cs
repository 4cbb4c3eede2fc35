using System.ComponentModel.DataAnnotations;

namespace Workspace.Web.Features.Health;

/// <summary>The principles of partnering a health check asks about, in the order they are asked.</summary>
public enum HealthPrinciple
{
    Equity,
    Transparency,
    [Display(Name = "Mutual benefit")]
    MutualBenefit,
    Trust,
    Communication,
    Progress,
}

/// <summary>How often a facilitator means to run a health check.</summary>
public enum HealthCadence
{
    [Display(Name = "No regular health check")]
    Off,
    Monthly,
    Quarterly,
}

/// <summary>A partnership's health check settings; a partnership without a row has none set (cadence off).</summary>
public class HealthSettings
{
    public Guid PartnershipId { get; set; }

    public HealthCadence Cadence { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public string UpdatedByUserId { get; set; } = "";
}

/// <summary>One numbered round of the health check: open while members answer, then closed for good and reported.</summary>
public class HealthRound
{
    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public int Number { get; set; }

    /// <summary>When set, results never show a figure for a group of fewer than <see cref="HealthResults.MinimumGroup"/> people, and comments carry no names.</summary>
    public bool Anonymous { get; set; }

    public DateTime OpenedUtc { get; set; }

    public string OpenedByUserId { get; set; } = "";

    /// <summary>The date the facilitator means to close it, shown to members; closing stays a facilitator's act.</summary>
    public DateOnly? ClosesOn { get; set; }

    public DateTime? ClosedUtc { get; set; }

    public string? ClosedByUserId { get; set; }
}

/// <summary>One member's answer to one principle's statement in one round; changed freely while the round is open.</summary>
public class HealthAnswer
{
    public const int CommentMaxLength = 1_000;

    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid RoundId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The organisation the person spoke for when answering, kept if they move later.</summary>
    public Guid? OrganisationId { get; set; }

    public HealthPrinciple Principle { get; set; }

    /// <summary>1 (strongly disagree) to 5 (strongly agree).</summary>
    public int Score { get; set; }

    public string Comment { get; set; } = "";

    public DateTime AnsweredUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>An action in the log that a review of a round's results created about one principle.</summary>
public class HealthFinding
{
    public Guid Id { get; set; }

    public Guid PartnershipId { get; set; }

    public Guid RoundId { get; set; }

    public HealthPrinciple Principle { get; set; }

    public Guid LogEntryId { get; set; }

    public DateTime CreatedUtc { get; set; }

    public string CreatedByUserId { get; set; } = "";
}

/// <summary>The statement members rate for each principle, and the labels of the scale.</summary>
public static class HealthStatements
{
    public const int MinScore = 1;
    public const int MaxScore = 5;

    public static string Of(HealthPrinciple principle) => principle switch
    {
        HealthPrinciple.Equity => "Every partner's voice carries equal weight in our decisions.",
        HealthPrinciple.Transparency => "Partners share information openly, including bad news.",
        HealthPrinciple.MutualBenefit => "My organisation gets real value from this partnership for what it puts in.",
        HealthPrinciple.Trust => "I can rely on the other partners to do what they say they will.",
        HealthPrinciple.Communication => "I hear what I need to know, in good time, from the other partners.",
        HealthPrinciple.Progress => "The partnership is making real progress towards its shared goals.",
        _ => "",
    };

    public static string Label(int score) => score switch
    {
        1 => "Strongly disagree",
        2 => "Disagree",
        3 => "Neither agree nor disagree",
        4 => "Agree",
        5 => "Strongly agree",
        _ => "",
    };
}
