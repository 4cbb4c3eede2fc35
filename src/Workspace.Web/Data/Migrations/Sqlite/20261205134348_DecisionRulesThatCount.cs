using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DecisionRulesThatCount : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DecisionCounting",
                table: "Partnerships",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "EachMember");

            migrationBuilder.AddColumn<string>(
                name: "RuleAtClose",
                table: "LogEntries",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RuleOverrideReason",
                table: "LogEntries",
                type: "TEXT",
                maxLength: 5000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DecisionCounting",
                table: "Partnerships");

            migrationBuilder.DropColumn(
                name: "RuleAtClose",
                table: "LogEntries");

            migrationBuilder.DropColumn(
                name: "RuleOverrideReason",
                table: "LogEntries");
        }
    }
}
