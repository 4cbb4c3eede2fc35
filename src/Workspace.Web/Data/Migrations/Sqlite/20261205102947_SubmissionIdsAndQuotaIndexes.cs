using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SubmissionIdsAndQuotaIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkshopIdeas_ItemId",
                table: "WorkshopIdeas");

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "LogReplies",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubmissionId",
                table: "LogEntries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopIdeas_ItemId_AuthorUserId",
                table: "WorkshopIdeas",
                columns: new[] { "ItemId", "AuthorUserId" });

            migrationBuilder.CreateIndex(
                name: "IX_Partnerships_CreatedByUserId_CreatedUtc",
                table: "Partnerships",
                columns: new[] { "CreatedByUserId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogReplies_AuthorUserId_CreatedUtc",
                table: "LogReplies",
                columns: new[] { "AuthorUserId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogReplies_EntryId_AuthorUserId_SubmissionId",
                table: "LogReplies",
                columns: new[] { "EntryId", "AuthorUserId", "SubmissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_AuthorUserId_CreatedUtc",
                table: "LogEntries",
                columns: new[] { "AuthorUserId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_LogEntries_PartnershipId_AuthorUserId_SubmissionId",
                table: "LogEntries",
                columns: new[] { "PartnershipId", "AuthorUserId", "SubmissionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ChangeRecords_UserId_AtUtc",
                table: "ChangeRecords",
                columns: new[] { "UserId", "AtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkshopIdeas_ItemId_AuthorUserId",
                table: "WorkshopIdeas");

            migrationBuilder.DropIndex(
                name: "IX_Partnerships_CreatedByUserId_CreatedUtc",
                table: "Partnerships");

            migrationBuilder.DropIndex(
                name: "IX_LogReplies_AuthorUserId_CreatedUtc",
                table: "LogReplies");

            migrationBuilder.DropIndex(
                name: "IX_LogReplies_EntryId_AuthorUserId_SubmissionId",
                table: "LogReplies");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_AuthorUserId_CreatedUtc",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_LogEntries_PartnershipId_AuthorUserId_SubmissionId",
                table: "LogEntries");

            migrationBuilder.DropIndex(
                name: "IX_ChangeRecords_UserId_AtUtc",
                table: "ChangeRecords");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "LogReplies");

            migrationBuilder.DropColumn(
                name: "SubmissionId",
                table: "LogEntries");

            migrationBuilder.CreateIndex(
                name: "IX_WorkshopIdeas_ItemId",
                table: "WorkshopIdeas",
                column: "ItemId");
        }
    }
}
