import Testing
@testable import SchemaGenKit

/// Line breaking as `ruff format` does it; that ruff agrees is checked on every generated module in Tests/python.
@Suite struct PythonLayoutTests {
    static func call(_ arguments: [String]) -> PyExpr {
        .call("mapped_column", arguments.map { .atom($0) })
    }

    @Test func fitsOnOneLine() {
        #expect(PythonLayout.lines(Self.call(["Text"]), indent: 4, prefix: "name: Mapped[str] = ")
            == ["    name: Mapped[str] = mapped_column(Text)"])
    }

    @Test func argumentsOnOneIndentedLine() {
        let lines = PythonLayout.lines(Self.call(["TIMESTAMP(timezone=True)", "server_default=func.now()"]), indent: 4,
                                       prefix: "created_at: Mapped[datetime.datetime] = ")
        #expect(lines == [
            "    created_at: Mapped[datetime.datetime] = mapped_column(",
            "        TIMESTAMP(timezone=True), server_default=func.now()",
            "    )",
        ])
    }

    @Test func rightHandSideInParenthesesWhenTheLeftLeavesNoRoom() {
        let lines = PythonLayout.lines(Self.call(["postgresql.TSTZMULTIRANGE"]), indent: 4,
                                       prefix: "booked_slots: Mapped[list[postgresql.Range[datetime.datetime]] | None] = ")
        #expect(lines == [
            "    booked_slots: Mapped[list[postgresql.Range[datetime.datetime]] | None] = (",
            "        mapped_column(postgresql.TSTZMULTIRANGE)",
            "    )",
        ])
    }

    @Test func oneArgumentPerLineWithTrailingCommas() {
        let key = PyExpr.call("ForeignKey", [.atom("\"credit_accounts.id\""), .keyword("ondelete", .atom("\"CASCADE\"")),
                                             .keyword("name", .atom("\"credit_transactions_account_id_fkey\""))])
        let lines = PythonLayout.lines(.call("mapped_column", [.atom("postgresql.UUID(as_uuid=True)"), key]), indent: 4,
                                       prefix: "account_id: Mapped[uuid.UUID] = ")
        #expect(lines == [
            "    account_id: Mapped[uuid.UUID] = mapped_column(",
            "        postgresql.UUID(as_uuid=True),",
            "        ForeignKey(",
            "            \"credit_accounts.id\",",
            "            ondelete=\"CASCADE\",",
            "            name=\"credit_transactions_account_id_fkey\",",
            "        ),",
            "    )",
        ])
    }

    @Test func aLoneLongArgumentTakesNoTrailingComma() {
        let comment = "\"" + String(repeating: "x", count: 90) + "\""
        let lines = PythonLayout.lines(.call("mapped_column", [.keyword("comment", .atom(comment))]), indent: 4, prefix: "x: Mapped[str] = ")
        #expect(lines == ["    x: Mapped[str] = mapped_column(", "        comment=\(comment)", "    )"])
    }

    @Test func explodedBracketsAlwaysTakeOneItemPerLine() {
        let tuple = PyExpr.exploded(head: "", open: "(", close: ")", items: [.atom("A()"), .atom("{\"comment\": \"c\"}")])
        #expect(PythonLayout.lines(tuple, indent: 4, prefix: "__table_args__ = ")
            == ["    __table_args__ = (", "        A(),", "        {\"comment\": \"c\"},", "    )"])
    }

    @Test func oneTupleKeepsItsComma() {
        let tuple = PyExpr.brackets(head: "", open: "(", close: ")", items: [.atom("{\"comment\": \"c\"}")], oneTuple: true)
        #expect(PythonLayout.lines(tuple, indent: 4, prefix: "__table_args__ = ") == ["    __table_args__ = ({\"comment\": \"c\"},)"])
    }

    @Test func wideCharactersCountTwice() {
        #expect(PythonLayout.width("abc") == 3)
        #expect(PythonLayout.width("猫猫") == 4)
        #expect(PythonLayout.width("e\u{301}") == 1)
    }
}
