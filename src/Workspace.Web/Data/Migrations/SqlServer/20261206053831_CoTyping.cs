using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workspace.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class CoTyping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CoTexts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PartnershipId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    OwnerKind = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    OwnerId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    RunUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: true),
                    RunStartText = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RunLastUtc = table.Column<DateTime>(type: "datetime2", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoTexts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoTexts_Partnerships_PartnershipId",
                        column: x => x.PartnershipId,
                        principalTable: "Partnerships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CoTextOperations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CoTextId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Revision = table.Column<long>(type: "bigint", nullable: false),
                    AuthorUserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    ClientId = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ClientSeq = table.Column<long>(type: "bigint", nullable: false),
                    Operation = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CoTextOperations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CoTextOperations_CoTexts_CoTextId",
                        column: x => x.CoTextId,
                        principalTable: "CoTexts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CoTextOperations_CoTextId_ClientId_ClientSeq",
                table: "CoTextOperations",
                columns: new[] { "CoTextId", "ClientId", "ClientSeq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoTextOperations_CoTextId_Revision",
                table: "CoTextOperations",
                columns: new[] { "CoTextId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoTexts_OwnerKind_OwnerId",
                table: "CoTexts",
                columns: new[] { "OwnerKind", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CoTexts_PartnershipId",
                table: "CoTexts",
                column: "PartnershipId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CoTextOperations");

            migrationBuilder.DropTable(
                name: "CoTexts");
        }
    }
}
