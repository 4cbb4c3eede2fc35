using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class HealthCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HealthRounds",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    Anonymous = table.Column<bool>(type: "bit", nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    OpenedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ClosesOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    ClosedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthRounds", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthRounds_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HealthSettings",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Cadence = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthSettings", x => x.PartnershipId);
                    table.ForeignKey(
                        name: "FK_HealthSettings_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HealthAnswers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RoundId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Principle = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Score = table.Column<int>(type: "int", nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    AnsweredUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthAnswers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthAnswers_HealthRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "HealthRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HealthAnswers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "HealthFindings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    RoundId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Principle = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    LogEntryId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HealthFindings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HealthFindings_HealthRounds_RoundId",
                        column: x => x.RoundId,
                        principalTable: "HealthRounds",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_HealthAnswers_OrganisationId",
                table: "HealthAnswers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthAnswers_PartnershipId",
                table: "HealthAnswers",
                column: "PartnershipId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthAnswers_RoundId_UserId_Principle",
                table: "HealthAnswers",
                columns: new[] { "RoundId", "UserId", "Principle" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HealthAnswers_UserId",
                table: "HealthAnswers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthFindings_LogEntryId",
                table: "HealthFindings",
                column: "LogEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthFindings_PartnershipId",
                table: "HealthFindings",
                column: "PartnershipId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthFindings_RoundId",
                table: "HealthFindings",
                column: "RoundId");

            migrationBuilder.CreateIndex(
                name: "IX_HealthRounds_PartnershipId_Number",
                table: "HealthRounds",
                columns: new[] { "PartnershipId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HealthAnswers");

            migrationBuilder.DropTable(
                name: "HealthFindings");

            migrationBuilder.DropTable(
                name: "HealthSettings");

            migrationBuilder.DropTable(
                name: "HealthRounds");
        }
    }
}
