using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DialogueLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "LogEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    GoalId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemovedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemovedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecisionRule = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DeadlineUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    AssigneeUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ActionState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SourceDecisionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Likelihood = table.Column<int>(type: "INTEGER", nullable: true),
                    Impact = table.Column<int>(type: "INTEGER", nullable: true),
                    Mitigation = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: true),
                    RiskOwnerUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RiskState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LogEntries_Goals_GoalId",
                        column: x => x.GoalId,
                        principalTable: "Goals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_LogEntries_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LogReadStates",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogReadStates", x => new { x.PartnershipId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "DecisionAmendments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionAmendments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionAmendments_LogEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DecisionPositions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Position = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    RecordedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionPositions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionPositions_LogEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LogMentions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReplyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogMentions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LogMentions_LogEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LogReactions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Emoji = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogReactions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LogReactions_LogEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LogReplies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EntryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    AuthorOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RemovedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemovedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LogReplies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LogReplies_LogEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "LogEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionAmendments_EntryId",
                table: "DecisionAmendments",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_DecisionPositions_EntryId_UserId",
                table: "DecisionPositions",
                columns: new[] { "EntryId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_AssigneeUserId",
                table: "LogEntries",
                column: "AssigneeUserId");

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_GoalId",
                table: "LogEntries",
                column: "GoalId");

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_PartnershipId_CreatedUtc",
                table: "LogEntries",
                columns: new[] { "PartnershipId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_PartnershipId_UpdatedUtc",
                table: "LogEntries",
                columns: new[] { "PartnershipId", "UpdatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogMentions_EntryId",
                table: "LogMentions",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_LogMentions_UserId_CreatedUtc",
                table: "LogMentions",
                columns: new[] { "UserId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogReactions_EntryId_UserId_Emoji",
                table: "LogReactions",
                columns: new[] { "EntryId", "UserId", "Emoji" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LogReplies_EntryId_CreatedUtc",
                table: "LogReplies",
                columns: new[] { "EntryId", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DecisionAmendments");

            migrationBuilder.DropTable(
                name: "DecisionPositions");

            migrationBuilder.DropTable(
                name: "LogMentions");

            migrationBuilder.DropTable(
                name: "LogReactions");

            migrationBuilder.DropTable(
                name: "LogReadStates");

            migrationBuilder.DropTable(
                name: "LogReplies");

            migrationBuilder.DropTable(
                name: "LogEntries");
        }
    }
}
