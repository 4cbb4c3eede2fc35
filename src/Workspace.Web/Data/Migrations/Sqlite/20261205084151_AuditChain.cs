using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditChain : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "ChangeRecords",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "ChangeRecords",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "ChangeRecords",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AuditChainHeads",
                columns: table => new
                {
                    PartnershipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Length = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChainHeads", x => x.PartnershipId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChangeRecords_PartnershipId_Sequence",
                table: "ChangeRecords",
                columns: new[] { "PartnershipId", "Sequence" },
                unique: true);

            // The append-only triggers (decision 011); keep this line when regenerating the migration.
            AuditTrailSql.CreateTriggers(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditTrailSql.DropTriggers(migrationBuilder);

            migrationBuilder.DropTable(
                name: "AuditChainHeads");

            migrationBuilder.DropIndex(
                name: "IX_ChangeRecords_PartnershipId_Sequence",
                table: "ChangeRecords");

            migrationBuilder.DropColumn(
                name: "Hash",
                table: "ChangeRecords");

            migrationBuilder.DropColumn(
                name: "PreviousHash",
                table: "ChangeRecords");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "ChangeRecords");
        }
    }
}
