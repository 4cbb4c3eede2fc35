using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.SqlServer
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
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "EachMember");

            migrationBuilder.AddColumn<string>(
                name: "RuleAtClose",
                table: "LogEntries",
                type: "nvarchar(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RuleOverrideReason",
                table: "LogEntries",
                type: "nvarchar(max)",
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
