using System.Text.Json;
using Workspace.Web.Features.Organisations;
using Workspace.Web.RealTime;

namespace Workspace.Web.Features.Agreement;

/// <summary>Everything the agreement page shows, read in one call.</summary>
public sealed record AgreementView(
    IReadOnlyList<SectionView> Sections,
    IssuedVersion? Current,
    IReadOnlyList<VersionSummary> Versions,
    IReadOnlyList<PartnerSignOff> Partners,
    IReadOnlyList<OutOfDateReason> OutOfDate,
    AgreementPermissions Can)
{
    /// <summary>Whether any section's working text differs from the current version (or there is text and no version yet).</summary>
    public bool HasUnissuedChanges => Sections.Any(s => s.ChangedSinceIssued);

    public int SignedCount => Partners.Count(p => p.State is SignOffState.UpToDate);
}

/// <summary>What the viewer may do: edit the working text, issue a version, and sign for their organisation.</summary>
public sealed record AgreementPermissions(bool Edit, bool Issue, Guid? SignFor, string? SignForName, string? WhyNotSign);

/// <summary>One section's working text.</summary>
public sealed record SectionView(
    AgreementSectionKind Kind, string Text, long Version, string? UpdatedBy, DateTime? UpdatedUtc, bool ChangedSinceIssued);

public sealed record IssuedVersion(int Number, DateTime IssuedUtc, string IssuedBy, string Note, IReadOnlyDictionary<AgreementSectionKind, string> Sections);

public sealed record VersionSummary(int Number, DateTime IssuedUtc, string IssuedBy, string Note, int Signatures);

public enum SignOffState
{
    /// <summary>Signed the current version, after anything that made it out of date.</summary>
    UpToDate,
    /// <summary>Signed the current version before something it relies on changed.</summary>
    ToReconfirm,
    /// <summary>Signed an earlier version only.</summary>
    EarlierVersion,
    NotSigned,
}

/// <summary>A partner organisation and where its sign-off stands; the signature shown is its latest.</summary>
public sealed record PartnerSignOff(
    Guid OrganisationId, string Name, Sector Sector, SignOffState State,
    int? SignedVersion, string? SignerName, string? SignerRole, DateTime? SignedUtc);

/// <summary>Something the current version relies on that changed after it was issued.</summary>
public sealed record OutOfDateReason(DateTime AtUtc, string Text);

/// <summary>One version as a document to print or download: its sections, and who signed it for which partner.</summary>
public sealed record AgreementDocument(
    string PartnershipName, int Number, DateTime IssuedUtc, string IssuedBy, string Note,
    IReadOnlyList<(AgreementSectionKind Kind, string Text)> Sections, IReadOnlyList<DocumentSignature> Signatures, bool IsCurrent);

public sealed record DocumentSignature(string Organisation, string SignerName, string SignerRole, DateTime SignedUtc, bool Reconfirmation);

/// <summary>Two versions' text side by side, one section at a time.</summary>
public sealed record VersionComparison(int From, int To, IReadOnlyList<SectionComparison> Sections);

public sealed record SectionComparison(AgreementSectionKind Kind, string Before, string After)
{
    public bool Changed => !string.Equals(Before, After, StringComparison.Ordinal);
}

/// <summary>The agreement's text, versions or sign-offs changed.</summary>
public sealed record AgreementChanged(Guid PartnershipId, string? ActorUserId) : PartnershipEvent(PartnershipId, ActorUserId);

/// <summary>How a version's sections and partners are stored.</summary>
internal static class AgreementSnapshot
{
    public static string Sections(IEnumerable<AgreementSection> sections) =>
        Sections(sections.ToDictionary(s => s.Kind, s => s.Text));

    public static string Sections(IReadOnlyDictionary<AgreementSectionKind, string> sections) =>
        JsonSerializer.Serialize(sections.Where(s => s.Value.Length > 0).ToDictionary(s => s.Key.ToString(), s => s.Value));

    public static Dictionary<AgreementSectionKind, string> Sections(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
            .Where(p => Enum.IsDefined(Enum.Parse<AgreementSectionKind>(p.Key)))
            .ToDictionary(p => Enum.Parse<AgreementSectionKind>(p.Key), p => p.Value);

    public static string Partners(IEnumerable<Guid> organisations) => JsonSerializer.Serialize(organisations.Order().ToList());

    public static List<Guid> Partners(string json) => JsonSerializer.Deserialize<List<Guid>>(json)!;
}
