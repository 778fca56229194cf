import Foundation
import Testing
@testable import SchemaGenKit

@Suite struct PythonTests {
    /// Text that tries to end a literal, a docstring, a comment or a line, or to hide what follows.
    static let hostile: [String] = [
        "plain", "", "it's", "\"quoted\"", "both ' and \"", "\"\"\"", "'''", "\"\"\"\"\"", "ends with \"", "\"starts",
        "back\\slash", "ends with \\", "\\\"", "\\\\\"\"\"", "\\N{BULLET} \\u0041 \\x41", "{braces} %s %(x)s",
        "line\nbreak", "cr\rlf\r\n", "tab\there", "bell\u{7} esc\u{1B} del\u{7F} c1\u{85}", "*/ /* -- # comment",
        "${x} \\(x) `tick`", "naïve ☃ 𝄞 猫", "bidi \u{202E}override\u{202C} zw\u{200B}j\u{200D}", "ls\u{2028}ps\u{2029}",
        "private\u{E000} noncharacter\u{FFFE}", "class", "None", "type", "__init__", ":name and ::cast",
        "  leading and trailing  ", "\n\nblank lines\n\n",
    ]

    @Test(arguments: [
        ("plain", "\"plain\""),
        ("it's", "\"it's\""),
        ("say \"hi\"", "'say \"hi\"'"),
        ("'a' \"b\"", "\"'a' \\\"b\\\"\""),
        ("back\\slash", "\"back\\\\slash\""),
        ("line\nbreak\r\t", "\"line\\nbreak\\r\\t\""),
        ("bell\u{7}\u{7F}", "\"bell\\x07\\x7f\""),
        ("\u{202E}\u{2028}", "\"\\u202e\\u2028\""),
        ("☃ 猫", "\"☃ 猫\""),
        ("", "\"\""),
    ])
    func string(_ text: String, _ expected: String) {
        #expect(Python.string(text) == expected)
    }

    @Test func docstringLayout() {
        #expect(Python.docstring("One line.", indent: 4) == "\"\"\"One line.\"\"\"")
        #expect(Python.docstring("Two\nlines.", indent: 4) == "\"\"\"Two\n    lines.\n    \"\"\"")
        #expect(Python.docstring("\"quoted\"", indent: 0) == "\"\"\" \"quoted\" \"\"\"")
        #expect(Python.docstring("a \"\"\" b", indent: 0) == "\"\"\"a \\\"\\\"\" b\"\"\"")
        #expect(Python.docstring("ends \\", indent: 0) == "\"\"\"ends \\\\\"\"\"")
        #expect(Python.docstring("First\n    indented\n      more", indent: 4) == "\"\"\"First\n    indented\n      more\n    \"\"\"")
    }

    @Test func commentsStayComments() {
        #expect(Python.comment("one\ntwo\r\n\nback\\slash \u{7}", indent: 4) == ["    # one", "    # two", "    #", "    # back\\slash \\x07"])
    }

    @Test(arguments: [
        ("a = :name", "a = \\:name"),
        ("x::text", "x::text"),
        ("'a:b'", "'a:b'"),
        (":first", "\\:first"),
        ("(:x)", "(\\:x)"),
        (":a::int", ":a::int"),
        ("\\:done", "\\\\:done"),
        ("\\: alone", "\\\\: alone"),
        ("\\::cast", "\\::cast"),
        (": spaced", ": spaced"),
        ("'{\"a\":1}'", "'{\"a\"\\:1}'"),
        ("$1 :$x", "$1 \\:$x"),
    ])
    func bindParameterEscapes(_ sql: String, _ expected: String) {
        #expect(Python.escapeBindParameters(sql) == expected)
    }

    @Test func identifiers() {
        #expect(Python.isIdentifier("snake_case"))
        #expect(Python.isIdentifier("_private1"))
        #expect(Python.isIdentifier("type"))
        #expect(!Python.isIdentifier("class"))
        #expect(!Python.isIdentifier("1st"))
        #expect(!Python.isIdentifier("content-type"))
        #expect(Python.isIdentifier("café"))
        #expect(Python.isIdentifier("日本"))
        // Python reads `ﬁle` as `file` (NFKC), so a string naming the attribute would not match it.
        #expect(!Python.isIdentifier("ﬁle"))
        #expect(!Python.isIdentifier("x²"))
        #expect(!Python.isIdentifier(""))
    }

    /// The real consumer: Python reads every literal back as the original text, every docstring as the cleaned
    /// text, every comment as a comment, and `ruff format` leaves them as they are.
    @Test func pythonReadsBackEveryHostileLiteral() throws {
        let python = try TestEnvironment.require("SCHEMAGEN_TEST_PYTHON")
        var module = "import inspect\n\nstrings = [\n"
        for text in Self.hostile { module += "    \(Python.string(text)),\n" }
        module += "]\nsql = [\n"
        for text in Self.hostile { module += "    \(Python.sqlString(text)),\n" }
        module += "]\n"
        for (index, text) in Self.hostile.enumerated() {
            module += "\n\n" + Python.comment(text, indent: 0).map { $0 + "\n" }.joined()
            module += "def doc\(index)() -> None:\n    \(Python.docstring(text.isEmpty ? "x" : text, indent: 4))\n"
        }
        let expected = try JSONEncoder().encode(Self.hostile)
        let script = """
        import importlib.util, inspect, json, pathlib, re, subprocess, sys, tempfile
        path = pathlib.Path(tempfile.mkdtemp()) / "hostile.py"
        path.write_text(sys.stdin.read(), encoding="utf-8")
        spec = importlib.util.spec_from_file_location("hostile", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        expected = json.loads(\(Python.string(String(decoding: expected, as: UTF8.self))))
        assert module.strings == expected, [(a, b) for a, b in zip(module.strings, expected) if a != b]
        from sqlalchemy import text
        from sqlalchemy.dialects import postgresql
        compiled = [str(text(s).compile(dialect=postgresql.dialect())) for s in module.sql]
        assert compiled == [s.replace("%", "%%") for s in expected], [(a, b) for a, b in zip(compiled, expected) if a != b.replace("%", "%%")]
        for index, text_ in enumerate(expected):
            doc = inspect.getdoc(getattr(module, f"doc{index}"))
            want = inspect.cleandoc(text_.replace("\\r\\n", "\\n").replace("\\r", "\\n")) or "x"
            # The docstring drops trailing spaces and pads a leading or trailing quote with one.
            clean = lambda text: "\\n".join(line.rstrip() for line in text.split("\\n")).strip(" ")
            assert clean(doc) == clean(want), (index, doc, want)
        ruff = pathlib.Path(sys.executable).with_name("ruff")
        subprocess.run([str(ruff), "format", "--isolated", "--no-cache", "--check", "--diff", str(path)], check=True)
        print("ok")
        """
        let output = try Shell.run(python, ["-c", script], input: module)
        #expect(output.hasSuffix("ok\n"), "\(output)")
    }
}
