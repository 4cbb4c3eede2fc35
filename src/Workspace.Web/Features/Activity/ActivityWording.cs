using System.Globalization;
using Workspace.Web.Data;

namespace Workspace.Web.Features.Activity;

/// <summary>
/// Words the audit records of goals, the log, workshops, accounts and downloads for people. Every
/// (entity type, field) pair the code writes is listed in <see cref="Kinds"/>, and a test checks each
/// gets a sentence of its own.
/// </summary>
internal static class ActivityWording
{
    /// <summary>Every (entity type, field) pair written by a service, besides partnerships, memberships, invitations and organisations.</summary>
    public static readonly IReadOnlyList<(string EntityType, string Field)> Kinds =
    [
        ("Goal", "Created"), ("Goal", "Title"), ("Goal", "Description"), ("Goal", "Status"), ("Goal", "LeadOrganisation"),
        ("Goal", "Owner"), ("Goal", "DueDate"), ("Goal", "Parent"),
        ("GoalContribution", "Commitment"),
        ("Indicator", "Created"), ("Indicator", "Name"), ("Indicator", "Unit"), ("Indicator", "Baseline"), ("Indicator", "Target"),
        ("Indicator", "Direction"), ("Indicator", "Cadence"), ("Indicator", "DataSource"), ("Indicator", "Milestones"),
        ("CheckIn", "Value"), ("CheckIn", "ValueViaApi"), ("ConfidenceRecord", "Confidence"),
        ("ApiToken", "Created"), ("ApiToken", "Revoked"),
        ("LogEntry", "Posted"), ("LogEntry", "Title"), ("LogEntry", "Body"), ("LogEntry", "GoalId"), ("LogEntry", "DecisionRule"),
        ("LogEntry", "DeadlineUtc"), ("LogEntry", "AssigneeUserId"), ("LogEntry", "DueDate"), ("LogEntry", "ActionState"),
        ("LogEntry", "Likelihood"), ("LogEntry", "Impact"), ("LogEntry", "Mitigation"), ("LogEntry", "RiskOwnerUserId"),
        ("LogEntry", "Removed"), ("LogEntry", "Outcome"), ("LogEntry", "Amendment"),
        ("LogEntry", "RuleAtClose"), ("LogEntry", "RuleOverride"), ("Partnership", "DecisionCounting"),
        ("LogReply", "Reply"), ("LogReply", "Reply edited"), ("LogReply", "Removed"),
        ("DecisionPosition", "Position"), ("LogReaction", "Added"), ("LogReaction", "Removed"),
        ("Workshop", "Planned"), ("Workshop", "Title"), ("Workshop", "Cancelled"), ("Workshop", "State"), ("Workshop", "SharedNotes"),
        ("WorkshopItem", "Added"), ("WorkshopItem", "Title"), ("WorkshopItem", "Removed"), ("WorkshopItem", "Position"),
        ("WorkshopItem", "Started"), ("WorkshopItem", "IdeasRevealed"), ("WorkshopItem", "IdeasPrivate"),
        ("WorkshopItem", "VoteOpened"), ("WorkshopItem", "VoteClosed"), ("WorkshopItem", "VotesRevealed"),
        ("WorkshopIdea", "Added"), ("WorkshopIdea", "AddedPrivately"), ("WorkshopIdea", "Removed"), ("WorkshopIdea", "Group"),
        ("WorkshopVote", "Dot"), ("WorkshopVote", "DotTakenBack"), ("WorkshopVote", "PollChoice"), ("WorkshopVote", "PollWithdrawn"),
        ("WorkshopPoll", "Created"), ("WorkshopPoll", "Opened"), ("WorkshopPoll", "Closed"), ("WorkshopPoll", "Revealed"),
        ("Account", "DisplayName"), ("Account", "JobTitle"), ("Account", "SignedIn"), ("Account", "SignInFailed"), ("Account", "Erased"),
        ("Account", "TwoStepSignIn"), ("Account", "AuthenticatorReset"), ("Account", "RecoveryCodesRenewed"),
        ("Export", "Downloaded"),
        ("OrganisationGoal", "Title"), ("OrganisationGoal", "Description"), ("OrganisationGoal", "Removed"),
        ("GoalAlignment", "Linked"), ("GoalAlignment", "Note"), ("GoalAlignment", "Unlinked"),
        ("AgreementSection", "Text"), ("AgreementVersion", "Issued"), ("AgreementSignature", "Signed"), ("AgreementSignature", "Reconfirmed"),
        ("Contribution", "Recorded"), ("Contribution", "Changed"), ("Contribution", "Delivered"), ("Contribution", "Removed"),
        ("HealthSettings", "Cadence"), ("HealthRound", "Opened"), ("HealthRound", "Closed"), ("HealthAnswer", "Answered"), ("HealthAnswer", "Changed"),
        ("Publication", "Proposed"), ("Publication", "Changed"), ("PublicationConsent", "Consented"), ("PublicationConsent", "Withdrawn"),
        ("Account", "PublicName"),
    ];

    private static readonly Dictionary<string, string> FieldWords = new()
    {
        ["Title"] = "title",
        ["Description"] = "description",
        ["Status"] = "status",
        ["LeadOrganisation"] = "lead organisation",
        ["Owner"] = "owner",
        ["DueDate"] = "due date",
        ["Parent"] = "parent goal",
        ["Name"] = "name",
        ["Unit"] = "unit",
        ["Baseline"] = "baseline",
        ["Target"] = "target",
        ["Direction"] = "direction",
        ["Cadence"] = "check-in rhythm",
        ["DataSource"] = "data source",
        ["Milestones"] = "milestones",
        ["Body"] = "text",
        ["GoalId"] = "linked goal",
        ["DecisionRule"] = "decision rule",
        ["DeadlineUtc"] = "deadline",
        ["AssigneeUserId"] = "assignee",
        ["ActionState"] = "state",
        ["Likelihood"] = "likelihood",
        ["Impact"] = "impact",
        ["Mitigation"] = "mitigation",
        ["RiskOwnerUserId"] = "risk owner",
    };

    private static string CountingWords(string? value) =>
        Enum.TryParse<Partnerships.DecisionCounting>(value, out var counting) ? Common.EnumText.ToText(counting).ToLowerInvariant() : value ?? "";

    private static string SectionWords(string kind) =>
        Enum.TryParse<Agreement.AgreementSectionKind>(kind, out var section) ? Common.EnumText.ToText(section) : kind;

    /// <summary>The sentence and detail of a record of one of <see cref="Kinds"/>; null for any other.</summary>
    public static (string Text, string? Detail)? Describe(ChangeRecord record, Func<string?, string> nameOf)
    {
        var (oldContext, oldValue) = AuditTrail.Split(record.OldValue);
        var (context, value) = AuditTrail.Split(record.NewValue);
        (string, string?) Change(string what) => ($"changed {what} from “{record.OldValue}” to “{record.NewValue}”", null);
        (string, string?) Edit(string what) => ($"edited {what}", $"{record.OldValue} → {record.NewValue}");
        string Field() => FieldWords.GetValueOrDefault(record.Field, "details");

        (string, string?)? text = (record.EntityType, record.Field) switch
        {
            ("Goal", "Created") => ($"added the goal “{record.NewValue}”", null),
            ("Goal", "Description") => Edit("a goal’s description"),
            ("Goal", _) => Change($"a goal’s {Field()}"),
            ("Publication", "Proposed") => ($"proposed a public results page ({context.ToLowerInvariant()})", value),
            ("Publication", _) => ($"changed the public results page proposal ({context.ToLowerInvariant()}); partners must consent again", $"{record.OldValue} → {value}"),
            ("PublicationConsent", "Consented") => ($"consented for {value} to publish {context.ToLowerInvariant()} of the public results page", null),
            ("PublicationConsent", _) => ($"withdrew {value}’s consent to the public results page, which is no longer public", null),
            ("Account", "PublicName") => (record.NewValue == "True" ? "let public results pages show their name" : "stopped public results pages showing their name", null),
            ("Contribution", "Recorded") => ("recorded a contribution to the partnership", record.NewValue),
            ("Contribution", "Changed") => ("changed a contribution", $"{record.OldValue} → {record.NewValue}"),
            ("Contribution", "Delivered") => ($"marked a contribution of {context} delivered", value),
            ("Contribution", "Removed") => ("removed a contribution from the register", record.OldValue),
            ("GoalContribution", _) when record.OldValue is null => ("committed their organisation to a goal", record.NewValue),
            ("GoalContribution", _) when record.NewValue is null => ("withdrew their organisation’s commitment to a goal", record.OldValue),
            ("GoalContribution", _) => Edit("their organisation’s commitment to a goal"),
            ("Indicator", "Created") => ($"added the indicator “{record.NewValue}”", null),
            ("Indicator", _) => Change($"an indicator’s {Field()}"),
            ("CheckIn", "ValueViaApi") => ($"checked in {value} via API, token '{context}'", null),
            ("CheckIn", _) => ($"checked in {record.NewValue}", null),
            ("ApiToken", "Created") => ($"created the API token '{context}'", value),
            ("ApiToken", _) => ($"revoked the API token '{record.OldValue}'", null),
            ("ConfidenceRecord", _) => ($"rated their confidence {record.NewValue}", null),
            ("LogEntry", "Posted") => ($"posted “{record.NewValue}” to the log", null),
            ("LogEntry", "Removed") => ($"removed “{record.OldValue}” from the log", null),
            ("LogEntry", "Outcome") => ("recorded the outcome of a decision", record.NewValue),
            ("LogEntry", "Amendment") => ("amended a decision", record.NewValue),
            ("OrganisationGoal", "Removed") => ($"removed their organisation’s goal “{record.OldValue}”", null),
            ("OrganisationGoal", "Description") => Edit("their organisation’s goal"),
            ("OrganisationGoal", _) => Change("the title of their organisation’s goal"),
            ("GoalAlignment", "Linked") => ("linked one of their organisation’s goals to a shared goal", record.NewValue),
            ("GoalAlignment", "Unlinked") => ($"unlinked their organisation’s goal “{record.OldValue}” from a shared goal", null),
            ("GoalAlignment", _) => Edit("how their organisation’s goal feeds a shared goal"),
            ("LogEntry", "RuleAtClose") => ("recorded where a decision’s rule stood at closing", record.NewValue),
            ("LogEntry", "RuleOverride") => ("closed a decision although its rule was not met", record.NewValue),
            ("Partnership", "DecisionCounting") => ($"changed how majority decisions count: {CountingWords(record.NewValue)}", null),
            ("LogEntry", "ActionState") => ($"marked an action {Words(record.NewValue)}", null),
            ("LogEntry", "Body" or "Mitigation") => Edit($"the {Field()} of a log entry"),
            ("LogEntry", "AssigneeUserId" or "RiskOwnerUserId") => ($"made {(record.NewValue is null ? "nobody" : nameOf(record.NewValue))} the {Field()} of a log entry", null),
            ("LogEntry", _) => Change($"the {Field()} of a log entry"),
            ("LogReply", "Reply") => ("replied in the log", record.NewValue),
            ("LogReply", "Reply edited") => ("edited a reply in the log", $"{record.OldValue} → {record.NewValue}"),
            ("LogReply", "Removed") => ("removed a reply from the log", record.OldValue),
            ("DecisionPosition", _) => ($"took the position {record.NewValue} on a decision", record.OldValue is null ? null : $"was {record.OldValue}"),
            ("LogReaction", "Added") => ($"reacted {Emoji(value)} to “{context}”", null),
            ("LogReaction", _) => ($"took back their {Emoji(value)} on “{context}”", null),
            ("Workshop", "Planned") => ($"planned the workshop “{record.NewValue}”", null),
            ("Workshop", "Title") => ($"renamed the workshop “{record.OldValue}” to “{record.NewValue}”", null),
            ("Workshop", "Cancelled") => ($"cancelled the workshop “{record.OldValue}”", null),
            ("Workshop", "State") when record.NewValue == "Live" => ("started a workshop", null),
            ("Workshop", "State") => ("ended a workshop", null),
            ("Workshop", "SharedNotes") => Edit("a workshop’s shared notes"),
            ("WorkshopItem", "Added") => ($"added “{record.NewValue}” to a workshop’s agenda", null),
            ("WorkshopItem", "Title") => ($"renamed the agenda item “{record.OldValue}” to “{record.NewValue}”", null),
            ("WorkshopItem", "Removed") => ($"removed “{record.OldValue}” from a workshop’s agenda", null),
            ("WorkshopItem", "Position") => ($"moved “{context}” to position {value}", null),
            ("WorkshopItem", "Started") when record.OldValue is null => ($"started “{context}”", null),
            ("WorkshopItem", "Started") => ($"ended “{record.OldValue}” and started “{context}”", null),
            ("WorkshopItem", "IdeasRevealed") => ($"revealed the private ideas of “{record.NewValue}”", null),
            ("WorkshopItem", "IdeasPrivate") => ($"switched private ideas {(value == bool.TrueString ? "on" : "off")} for “{context}”", null),
            ("WorkshopItem", "VoteOpened") => ($"opened the dot vote on “{record.NewValue}”", null),
            ("WorkshopItem", "VoteClosed") => ($"closed the dot vote on “{context}”", People(value)),
            ("WorkshopItem", "VotesRevealed") => ($"revealed the votes on “{record.NewValue}”", null),
            ("WorkshopIdea", "Added") => ($"added an idea to “{context}”", value),
            ("WorkshopIdea", "AddedPrivately") => ($"added a private idea to “{record.NewValue}”", null),
            ("WorkshopIdea", "Removed") when oldValue is null => ($"removed a private idea from “{oldContext}”", null),
            ("WorkshopIdea", "Removed") => ($"removed an idea from “{oldContext}”", oldValue),
            ("WorkshopIdea", "Group") => (value is null ? $"took {IdeaName(context)} out of its group" : $"moved {IdeaName(context)} to the group “{value}”", null),
            ("WorkshopVote", "Dot") => ($"voted for “{value}”", $"in “{context}”"),
            ("WorkshopVote", "DotTakenBack") => ($"took back a vote for “{value}”", $"in “{context}”"),
            ("WorkshopVote", "PollChoice") => ($"answered the poll “{context}”: {value}", null),
            ("WorkshopVote", "PollWithdrawn") => ($"withdrew their answer to the poll “{context}”", null),
            ("WorkshopPoll", "Created") => ($"created the poll “{record.NewValue}”", null),
            ("WorkshopPoll", "Opened") => ($"opened the poll “{record.NewValue}”", null),
            ("WorkshopPoll", "Closed") => ($"closed the poll “{context}”", People(value)),
            ("WorkshopPoll", "Revealed") => ($"revealed the results of the poll “{record.NewValue}”", null),
            ("Account", "DisplayName") => ($"changed their name from “{record.OldValue}” to “{record.NewValue}”", null),
            ("Account", "JobTitle") when record.NewValue is null => ("removed their job title", null),
            ("Account", "JobTitle") => ($"changed their job title to “{record.NewValue}”", null),
            ("Account", "SignedIn") when record.NewValue == "AuthenticatorCode" => ("signed in with a code from their authenticator app", null),
            ("Account", "SignedIn") when record.NewValue == "RecoveryCode" => ("signed in with a recovery code", null),
            ("Account", "SignedIn") => ("signed in", null),
            ("Account", "SignInFailed") => ($"failed to sign in ({FailureWords(record.NewValue)})", null),
            ("Account", "Erased") => ("erased their account", null),
            ("Account", "TwoStepSignIn") when record.NewValue == "On" => ("turned on two-step sign-in", null),
            ("Account", "TwoStepSignIn") => ("turned off two-step sign-in", null),
            ("Account", "AuthenticatorReset") => ("reset their authenticator app key", null),
            ("Account", "RecoveryCodesRenewed") => ("made new recovery codes, which replace the old ones", null),
            ("Export", "Downloaded") when context == "calendar" => ($"downloaded the calendar invitation for “{value}”", null),
            ("Export", "Downloaded") => ($"downloaded the {DownloadWords(record.NewValue)}", null),
            ("AgreementSection", _) => Edit($"the agreement’s section “{SectionWords(record.EntityId)}”"),
            ("AgreementVersion", _) => ($"issued version {record.EntityId} of the partnering agreement",
                record.NewValue == $"Version {record.EntityId}" ? null : record.NewValue),
            ("AgreementSignature", "Reconfirmed") => ($"re-confirmed {context.ToLowerInvariant()} of the partnering agreement for {value}", null),
            ("AgreementSignature", _) => ($"signed {context.ToLowerInvariant()} of the partnering agreement for {value}", null),
            ("HealthSettings", _) => ($"set the health check to run {CadenceWords(record.NewValue)}", record.OldValue is null ? null : $"was {CadenceWords(record.OldValue)}"),
            ("HealthRound", "Opened") => ($"opened round {record.EntityId} of the health check", record.NewValue),
            ("HealthRound", _) => ($"closed round {record.EntityId} of the health check", record.NewValue),
            ("HealthAnswer", "Changed") => ($"changed their answers to round {record.EntityId} of the health check", null),
            ("HealthAnswer", _) => ($"answered round {record.EntityId} of the health check", null),
            _ => null,
        };
        return text;
    }

    private static string CadenceWords(string? cadence) => cadence switch
    {
        nameof(Health.HealthCadence.Monthly) => "monthly",
        nameof(Health.HealthCadence.Quarterly) => "quarterly",
        _ => "only when a facilitator opens a round",
    };

    private static string? Emoji(string? name) => name switch
    {
        "thumbs-up" => "👍",
        "heart" => "❤️",
        "celebrate" => "🎉",
        "eyes" => "👀",
        "question" => "❓",
        _ => name,
    };

    private static string IdeaName(string text) => text.Length == 0 ? "a private idea" : $"the idea “{text}”";

    private static string? People(string? count) =>
        int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n == 1 ? "1 person voted" : $"{n} people voted" : null;

    private static string FailureWords(string? outcome) => outcome switch
    {
        "LockedOut" => "account locked after too many attempts",
        "NotAllowed" => "account not confirmed yet",
        "WrongAuthenticatorCode" => "wrong code from the authenticator app",
        "WrongRecoveryCode" => "wrong recovery code",
        _ => "wrong password",
    };

    // "goals (CSV)" reads "the goals export (CSV)".
    private static string DownloadWords(string? download) =>
        download is not null && download.IndexOf(" (", StringComparison.Ordinal) is var at and > 0
            ? $"{download[..at]} export{download[at..]}"
            : $"{download} export";

    private static string Words(string? value) =>
        value is null ? "unset" : string.Concat(value.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
