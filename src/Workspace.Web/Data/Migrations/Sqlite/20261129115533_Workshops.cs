using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Workshops : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SourceWorkshopId",
                table: "LogEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WorkshopAttendances",
                columns: table => new
                {
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    FirstSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopAttendances", x => new { x.WorkshopId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "WorkshopBallots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Used = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopBallots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Workshops",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StartsUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FacilitatorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CurrentItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CurrentItemSinceUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FocusGoalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TimerEndsUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    TimerRemainingSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    TimerDurationSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    MinutesEntryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Workshops", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Workshops_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopVotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BallotTargetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdeaId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OptionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopVotes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    TimeBoxMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ActualSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    IdeasPrivate = table.Column<bool>(type: "INTEGER", nullable: false),
                    IdeasRevealedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VotesPerPerson = table.Column<int>(type: "INTEGER", nullable: false),
                    VotingState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    VotesAnonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    VotesRevealed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkshopItems_Goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "Goals",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_WorkshopItems_Workshops_WorkshopId",
                        column: x => x.WorkshopId,
                        principalTable: "Workshops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopIdeas",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemovedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LogEntryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopIdeas", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkshopIdeas_WorkshopItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "WorkshopItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopPolls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WorkshopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Question = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MultipleChoice = table.Column<bool>(type: "INTEGER", nullable: false),
                    Anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResultsRevealed = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopPolls", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkshopPolls_WorkshopItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "WorkshopItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WorkshopPollOptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PollId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkshopPollOptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WorkshopPollOptions_WorkshopPolls_PollId",
                        column: x => x.PollId,
                        principalTable: "WorkshopPolls",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_SourceWorkshopId",
                table: "LogEntries",
                column: "SourceWorkshopId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopBallots_TargetId_UserId",
                table: "WorkshopBallots",
                columns: new[] { "TargetId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopBallots_WorkshopId",
                table: "WorkshopBallots",
                column: "WorkshopId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopIdeas_ItemId",
                table: "WorkshopIdeas",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopIdeas_WorkshopId_ItemId_CreatedUtc",
                table: "WorkshopIdeas",
                columns: new[] { "WorkshopId", "ItemId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopItems_GoalId",
                table: "WorkshopItems",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopItems_WorkshopId_Position",
                table: "WorkshopItems",
                columns: new[] { "WorkshopId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopPollOptions_PollId_Position",
                table: "WorkshopPollOptions",
                columns: new[] { "PollId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopPolls_ItemId",
                table: "WorkshopPolls",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopPolls_WorkshopId",
                table: "WorkshopPolls",
                column: "WorkshopId");

            migrationBuilder.CreateIndex(
                name: "IX_Workshops_PartnershipId_StartsUtc",
                table: "Workshops",
                columns: new[] { "PartnershipId", "StartsUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopVotes_BallotTargetId_UserId",
                table: "WorkshopVotes",
                columns: new[] { "BallotTargetId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopVotes_WorkshopId_BallotTargetId",
                table: "WorkshopVotes",
                columns: new[] { "WorkshopId", "BallotTargetId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkshopAttendances");

            migrationBuilder.DropTable(
                name: "WorkshopBallots");

            migrationBuilder.DropTable(
                name: "WorkshopIdeas");

            migrationBuilder.DropTable(
                name: "WorkshopPollOptions");

            migrationBuilder.DropTable(
                name: "WorkshopVotes");

            migrationBuilder.DropTable(
                name: "WorkshopPolls");

            migrationBuilder.DropTable(
                name: "WorkshopItems");

            migrationBuilder.DropTable(
                name: "Workshops");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_SourceWorkshopId",
                table: "LogEntries");

            migrationBuilder.DropColumn(
                name: "SourceWorkshopId",
                table: "LogEntries");
        }
    }
}
