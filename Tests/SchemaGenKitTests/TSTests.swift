import Testing
@testable import SchemaGenKit

/// The TypeScript lexical functions, with hostile input. TypeScriptCompileTests proves the results parse; these pin
/// down the exact spelling.
@Suite struct TSTests {
    @Test func stringEscapesQuotesBackslashesAndLineBreaks() {
        #expect(TS.string("plain") == "'plain'")
        #expect(TS.string("it's") == #"'it\'s'"#)
        #expect(TS.string(#"back\slash"#) == #"'back\\slash'"#)
        #expect(TS.string("a\nb\r\nc\td") == #"'a\nb\r\nc\td'"#)
        #expect(TS.string("\"double\"") == "'\"double\"'")
    }

    @Test func stringLeavesTemplateSyntaxAndCommentsAlone() {
        #expect(TS.string("`tick` ${x} */ /* \\(x) \"\"\"") == #"'`tick` ${x} */ /* \\(x) """'"#)
    }

    @Test func stringEscapesInvisibleCharactersAndKeepsNonASCII() {
        #expect(TS.string("\u{1}\u{7F}\u{2028}\u{2029}\u{FEFF}") == #"'\u0001\u007F\u2028\u2029\uFEFF'"#)
        #expect(TS.string("ünïcödé 日本 🎉") == "'ünïcödé 日本 🎉'")
    }

    @Test func templateLiteralEscapesBackticksSubstitutionsAndBackslashes() {
        #expect(TS.templateLiteral("a `b` c") == #"a \`b\` c"#)
        #expect(TS.templateLiteral("${x} $y {z} $${w}") == #"$\{x} $y {z} $$\{w}"#)
        #expect(TS.templateLiteral(#"E'\\d'"#) == #"E'\\\\d'"#)
        #expect(TS.templateLiteral("'single' \"double\" */") == "'single' \"double\" */")
    }

    @Test func templateLiteralKeepsNewlinesButEscapesCarriageReturns() {
        #expect(TS.templateLiteral("a\nb") == "a\nb")
        #expect(TS.templateLiteral("a\r\nb") == "a\\r\nb")
        #expect(TS.templateLiteral("nul-free \u{1} bell") == #"nul-free \u0001 bell"#)
    }

    @Test func docCommentCannotBeClosedFromInside() {
        #expect(TS.docComment("ends */ here") == #"/** ends *\/ here */"#)
        #expect(TS.docComment("*/*/") == #"/** *\/*\/ */"#)
        #expect(TS.docComment("/* nested */") == #"/** /* nested *\/ */"#)
        #expect(TS.docComment("a **/ b") == #"/** a **\/ b */"#)
    }

    @Test func docCommentSplitsEveryKindOfLineBreak() {
        let text = TS.docComment("one\ntwo\r\nthree\rfour\u{2028}five", indent: "  ")
        #expect(text == """
              /**
               * one
               * two
               * three
               * four
               * five
               */
            """)
    }

    @Test func docCommentDropsEmptyTextAndControlCharacters() {
        #expect(TS.docComment(nil) == nil)
        #expect(TS.docComment("  \n\n ") == nil)
        #expect(TS.docComment("a\u{1}b\tc") == "/** a b c */")
        #expect(TS.docComment("\n\nmiddle\n\n") == "/** middle */")
    }

    @Test func propertyKeyQuotesOnlyWhatIsNotAnIdentifier() {
        #expect(TS.propertyKey("userId") == "userId")
        #expect(TS.propertyKey("default") == "default")
        #expect(TS.propertyKey("$ref") == "$ref")
        #expect(TS.propertyKey("a b") == "'a b'")
        #expect(TS.propertyKey("2fa") == "'2fa'")
        #expect(TS.propertyKey("content-type") == "'content-type'")
        #expect(TS.propertyKey("it's") == #"'it\'s'"#)
        #expect(TS.propertyKey("größe") == "'größe'")
        #expect(TS.propertyKey("") == "''")
    }

    @Test func memberUsesBracketsForNonIdentifiers() {
        #expect(TS.member("t", "userId") == "t.userId")
        #expect(TS.member("t", "class") == "t.class")
        #expect(TS.member("t", "a-b") == "t['a-b']")
        #expect(TS.member("t", "`x`") == "t['`x`']")
    }

    @Test func identifierIsAlwaysABinding() {
        #expect(TS.identifier("projects") == "projects")
        #expect(TS.identifier("class") == "class_")
        #expect(TS.identifier("let") == "let_")
        #expect(TS.identifier("await") == "await_")
        #expect(TS.identifier("2fa") == "_2fa")
        #expect(TS.identifier("a-b c") == "a_b_c")
        #expect(TS.identifier("größe") == "gr__e")
        #expect(TS.identifier("") == "_")
        #expect(TS.identifier("${x}") == "$_x_")
        for hostile in ["*/", "`", "\\(x)", "\"\"\"", "new\nline", "undefined", "eval"] {
            #expect(TS.isBinding(TS.identifier(hostile)), "\(hostile)")
        }
    }

    @Test func numberDropsLeadingZerosThatWouldBeOctal() {
        #expect(TS.number("007") == "7")
        #expect(TS.number("-007.50") == "-7.50")
        #expect(TS.number("0.5") == "0.5")
        #expect(TS.number("0") == "0")
        #expect(TS.number("-0") == "-0")
        #expect(TS.number("1e5") == nil)
        #expect(TS.number("abc") == nil)
        #expect(TS.number("") == nil)
    }

    @Test func jsonLiteralRewritesKeysStringsAndNumbers() {
        #expect(TS.jsonLiteral("{}") == "{}")
        #expect(TS.jsonLiteral("[]") == "[]")
        #expect(TS.jsonLiteral(#"{"a":1,"b c":[true,null,"x"]}"#) == "{ a: 1, 'b c': [true, null, 'x'] }")
        #expect(TS.jsonLiteral(#"{"it's":"\"q\" \\ \n \u2028 `${x}`"}"#) == #"{ 'it\'s': '"q" \\ \n \u2028 `${x}`' }"#)
        #expect(TS.jsonLiteral(#"{"n":007,"e":01e5}"#) == "{ n: 7, e: 1e5 }")
        #expect(TS.jsonLiteral(#"{"__proto__":{"polluted":true}}"#) == "{ ['__proto__']: { polluted: true } }")
        #expect(TS.jsonLiteral(#""\ud83c\udf89""#) == "'🎉'")
    }

    @Test func jsonLiteralRejectsWhatIsNotJSON() {
        for text in ["", "{", "[1,", "{\"a\"}", "undefined", "{a:1}", "'x'", "[1] 2", "\"\\x\""] {
            #expect(TS.jsonLiteral(text) == nil, "\(text)")
        }
    }
}
