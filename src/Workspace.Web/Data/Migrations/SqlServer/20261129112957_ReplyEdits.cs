using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReplyEdits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EditedUtc",
                table: "LogReplies",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "LogReplies",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EditedUtc",
                table: "LogReplies");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "LogReplies");
        }
    }
}
