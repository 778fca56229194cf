// Checks the coding support of a generated Models.swift (the swift-types fixture's, which uses every support type).
// Compiled together with that file by SwiftCompileTests.codingSupportBehaves; prints each failure, then a summary.
import Foundation

var failures: [String] = []
var count = 0

@MainActor func expect(_ condition: Bool, _ what: @autoclosure () -> String, line: Int = #line) {
    count += 1
    if !condition { failures.append("line \(line): \(what())") }
}

/// Microseconds since 1970, the way PostgreSQL counts a timestamp.
func micros(_ date: Date) -> Int64 {
    Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + 978_307_200_000_000
}

func date(micros value: Int64) -> Date {
    Date(timeIntervalSinceReferenceDate: Double(value - 978_307_200_000_000) / 1_000_000)
}

// MARK: Timestamps

let instant: Int64 = 1_762_000_496_123_456  // 2025-11-01 12:34:56.123456 UTC
for text in [
    "2025-11-01T12:34:56.123456+00:00", "2025-11-01T12:34:56.123456Z", "2025-11-01t12:34:56.123456z",
    "2025-11-01 12:34:56.123456+00", "2025-11-01T18:04:56.123456+05:30", "2025-11-01T18:04:56.123456+0530",
    "2025-11-01T07:34:56.123456-05", "2025-11-01T12:34:56.123456", "2025-11-01T12:34:56.1234567Z",
    "2025-11-01T12:43:57.123456+00:09:01",
] {
    let parsed = SchemaCoding.parseTimestamp(text)
    expect(parsed.map(micros) == instant, "\(text) -> \(String(describing: parsed.map(micros)))")
}
expect(SchemaCoding.parseTimestamp("2025-11-01T12:34:56+00:00").map(micros) == 1_762_000_496_000_000, "no fraction")
expect(SchemaCoding.parseTimestamp("2025-11-01T12:34Z").map(micros) == 1_762_000_440_000_000, "no seconds")
expect(SchemaCoding.parseTimestamp("2025-11-01").map(micros) == 1_761_955_200_000_000, "date only is midnight UTC")
expect(SchemaCoding.parseTimestamp("1900-01-01T00:09:21+00:09:21").map(micros) == -2_208_988_800_000_000, "seconds offset")
expect(SchemaCoding.parseTimestamp("0001-01-01T00:00:00+00:00").map(micros) == -62_135_596_800_000_000, "year 1")
expect(SchemaCoding.parseTimestamp("0001-12-31T00:00:00+00:00 BC").map(micros) == -62_135_596_800_000_000 - 86_400_000_000, "1 BC")
// Far from 2001 a Date (a Double of seconds) no longer holds every microsecond.
expect(abs((SchemaCoding.parseTimestamp("9999-12-31T23:59:59.999999+00:00").map(micros) ?? 0) - 253_402_300_799_999_999) < 100, "year 9999")
expect(SchemaCoding.parseTimestamp("2024-02-29T00:00:00Z") != nil, "leap day")
expect(SchemaCoding.parseTimestamp("2025-11-01T24:00:00Z").map(micros) == 1_762_041_600_000_000, "24:00:00")
expect(SchemaCoding.parseTimestamp("infinity") == .distantFuture, "infinity")
expect(SchemaCoding.parseTimestamp("-infinity") == .distantPast, "-infinity")
for text in [
    "", "2025", "2025-13-01", "2025-00-10", "2025-02-29T00:00:00Z", "2025-04-31", "2025-11-01T25:00:00Z",
    "2025-11-01T24:00:01Z", "2025-11-01T12:60:00Z", "2025-11-01T12:34:56+", "2025-11-01T12:34:56.Z",
    "2025-11-01X12:00", "2025-11-01T12", "not a date", "2025-11-01T12:34:56+00:00 AD", "2025-11-01T12:34:56+16",
    "2025-11-01T12:34:56 +00", "2025-11-1", "+2025-11-01", "2025-11-01T12:34:56+00:00x", "Infinity",
] {
    expect(SchemaCoding.parseTimestamp(text) == nil, "\(text) should not parse")
}

expect(SchemaCoding.formatTimestamp(date(micros: instant)) == "2025-11-01T12:34:56.123456+00:00", "format")
expect(SchemaCoding.formatTimestamp(date(micros: 1_762_000_496_000_000)) == "2025-11-01T12:34:56+00:00", "format whole second")
expect(SchemaCoding.formatTimestamp(date(micros: 1_762_000_496_100_000)) == "2025-11-01T12:34:56.1+00:00", "format trims zeros")
expect(SchemaCoding.formatTimestamp(date(micros: -2_208_988_800_000_001)) == "1899-12-31T23:59:59.999999+00:00", "before 1970")
expect(SchemaCoding.formatTimestamp(date(micros: -62_135_596_800_000_000 - 86_400_000_000)) == "0001-12-31T00:00:00+00:00 BC", "BC")
expect(SchemaCoding.formatTimestamp(.distantFuture) == "infinity", "distantFuture")
expect(SchemaCoding.formatTimestamp(.distantPast) == "-infinity", "distantPast")
expect(SchemaCoding.formatTimestamp(Date(timeIntervalSinceReferenceDate: .infinity)) == "infinity", "non-finite")
expect(SchemaCoding.formatTimestamp(Date(timeIntervalSinceReferenceDate: -1e300)) == "-infinity", "out of range")

// Every microsecond survives text -> Date -> text and Date -> text -> Date between 1900 and 2100 (a Date holds
// microseconds exactly within about 136 years of 2001).
var state: UInt64 = 0x9E37_79B9_7F4A_7C15
for _ in 0..<20_000 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    let value = Int64(bitPattern: state >> 1) % 6_311_000_000_000_000 - 2_208_988_800_000_000
    let text = SchemaCoding.formatTimestamp(date(micros: value))
    let back = SchemaCoding.parseTimestamp(text)
    if back.map(micros) != value || back.map(SchemaCoding.formatTimestamp) != text {
        expect(false, "microseconds \(value) -> \(text) -> \(String(describing: back.map(micros)))")
        break
    }
}
let now = Date()
expect(abs(micros(SchemaCoding.parseTimestamp(SchemaCoding.formatTimestamp(now)) ?? .distantPast) - micros(now)) == 0, "now")

// MARK: bytea

expect(SchemaCoding.parseBytea("\\x00ff10") == Data([0x00, 0xFF, 0x10]), "bytea")
expect(SchemaCoding.parseBytea("\\xDEad") == Data([0xDE, 0xAD]), "bytea upper case")
expect(SchemaCoding.parseBytea("\\x") == Data(), "empty bytea")
for text in ["", "00ff", "\\x0", "\\xzz", "\\X00", "x00"] {
    expect(SchemaCoding.parseBytea(text) == nil, "\(text) is not bytea")
}
expect(SchemaCoding.formatBytea(Data([0x00, 0xAB, 0x10])) == "\\x00ab10", "format bytea")
expect(SchemaCoding.formatBytea(Data()) == "\\x", "format empty bytea")
let allBytes = Data((0...255).map { UInt8($0) })
expect(SchemaCoding.parseBytea(SchemaCoding.formatBytea(allBytes)) == allBytes, "every byte")

// MARK: CalendarDate and TimeOfDay

for text in ["2025-11-01", "2024-02-29", "0001-01-01", "0044-03-15 BC", "10000-01-01"] {
    expect(CalendarDate(text)?.description == text, "date \(text) -> \(String(describing: CalendarDate(text)))")
}
expect(CalendarDate("0044-03-15 BC")?.year == -43, "BC year")
for text in ["2025-11-1", "2025-02-29", "2025-11-01T00:00:00Z", "infinity", "", "2025-11-01 "] {
    expect(CalendarDate(text) == nil, "\(text) is not a date")
}
expect(CalendarDate(year: 2025, month: 1, day: 31) < CalendarDate(year: 2025, month: 2, day: 1), "dates compare")
let kolkata = TimeZone(secondsFromGMT: 19_800) ?? .current
let lateUTC = date(micros: 1_762_036_200_000_000)  // 2025-11-01 22:30 UTC is 2025-11-02 04:00 in Kolkata
expect(CalendarDate(lateUTC, in: kolkata) == CalendarDate(year: 2025, month: 11, day: 2), "day in a time zone")
expect(micros(CalendarDate(year: 2025, month: 11, day: 2).date(in: kolkata)) == 1_762_021_800_000_000, "start of day")

for text in ["12:34:56", "12:34:56.000123", "12:34:56.5", "00:00:00", "24:00:00", "12:34:56+02", "12:34:56.5-05:30", "00:00:00+00:09:21"] {
    expect(TimeOfDay(text)?.description == text, "time \(text) -> \(String(describing: TimeOfDay(text)))")
}
expect(TimeOfDay("12:34")?.description == "12:34:00", "time without seconds")
expect(TimeOfDay("12:34:56-05:30")?.utcOffset == -19_800, "offset")
for text in ["25:00:00", "12:60:00", "12:34:56.", "12:34:56+", "1:2:3", "12:34:56 ", "24:00:01", ""] {
    expect(TimeOfDay(text) == nil, "\(text) is not a time")
}

// MARK: JSON coding

let decoder = SchemaCoding.makeDecoder()
let encoder = SchemaCoding.makeEncoder()

func text<T: Encodable>(_ value: T) -> String {
    (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "<encoding failed>"
}

let document = #"{"a":[1,2.5,null,true,"x",{"b":"NaN"}],"big":1e300,"n":-7,"s":"\\(x) \"q\""}"#
let value = try decoder.decode(JSONValue.self, from: Data(document.utf8))
expect(value == ["a": [1, 2.5, .null, true, "x", ["b": "NaN"]], "big": 1e300, "n": -7, "s": "\\(x) \"q\""], "JSONValue \(value)")
expect(text(value) == #"{"a":[1,2.5,null,true,"x",{"b":"NaN"}],"big":1e+300,"n":-7,"s":"\\(x) \"q\""}"#, "JSONValue encoded \(text(value))")

let row = #"""
{"id":9223372036854775807,"a_uuid":"0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d","a_text":"t","a_varchar":"v","a_char":"c  ",
 "a_smallint":-32768,"an_integer":2147483647,"a_bigint":-9223372036854775808,"a_serial":1,"a_smallserial":1,
 "a_boolean":false,"a_real":"NaN","a_double":"-Infinity","a_numeric":12345678901234567890.123456789,"a_money":-0.01,
 "a_date":"2025-11-01","a_time":"12:34:56.000001","a_timetz":"12:34:56+05:30","a_timestamp":"2025-11-01T12:34:56.123456",
 "a_timestamptz":"2025-11-01T18:04:56.123456+05:30","an_interval":"1 day 02:00:00","a_json":{"k":[1]},"a_jsonb":null,
 "a_shaped_jsonb":{"label":"l"},"a_bytea":"\\x00ff","an_inet":"::1","a_mood":"so-so",
 "maybe_uuid":null,"maybe_date":null,"maybe_time":null,"maybe_timestamptz":null,"maybe_numeric":null,"maybe_jsonb":null,
 "maybe_bytea":null,"maybe_mood":null,"texts":[],"numbers":[1,-2],"decimals":[1.0000,0.0001],"dates":["0044-03-15 BC"],
 "times":["24:00:00"],"stamps":["infinity","2025-11-01 12:34:56+00"],"blobs":["\\x"],"moods":["happy","sad"],"maybe_texts":null}
"""#
let sample = try decoder.decode(Sample.self, from: Data(row.utf8))
expect(sample.aNumeric == Decimal(string: "12345678901234567890.123456789"), "numeric precision \(sample.aNumeric)")
expect(sample.aMoney == Decimal(string: "-0.01"), "negative numeric")
expect(sample.aReal.isNaN && sample.aDouble == -.infinity, "NaN and -Infinity")
expect(sample.aBigint == .min && sample.id == .max, "Int64 limits")
expect(micros(sample.aTimestamp) == instant && micros(sample.aTimestamptz) == instant, "timestamps")
expect(sample.aJsonb == .null && sample.maybeJsonb == nil, "json null in a NOT NULL column")
expect(sample.aMood == .soSo && sample.aTimetz.utcOffset == 19_800, "enum and timetz")
expect(sample.stamps.first == .distantFuture && sample.dates.first?.year == -43, "infinity and BC in arrays")
let encoded = text(sample)
expect(encoded.contains(#""a_numeric":12345678901234567890.123456789"#), "numeric written exactly: \(encoded)")
expect(encoded.contains(#""a_timestamptz":"2025-11-01T12:34:56.123456+00:00""#), "timestamp written in UTC")
expect(encoded.contains(#""a_date":"2025-11-01""#) && encoded.contains(#""a_time":"12:34:56.000001""#), "date and time text")
expect(encoded.contains(#""a_bytea":"\\x00ff""#) && encoded.contains(#""a_real":"NaN""#), "bytea and NaN")
expect(encoded.contains(#""maybe_uuid":null"#) && encoded.contains(#""maybe_texts":null"#), "a row writes nil as null")
let again = try decoder.decode(Sample.self, from: Data(encoded.utf8))
expect(again.aNumeric == sample.aNumeric && again.aTimestamptz == sample.aTimestamptz && again.aBytea == sample.aBytea, "decode(encode(row))")
expect(again.stamps == sample.stamps && again.dates == sample.dates && again.times == sample.times, "arrays survive")
expect(again.aReal.isNaN, "NaN survives")

let insert = NewSample(
    aUUID: sample.aUUID, aText: "t", aVarchar: "v", aChar: "c", aSmallint: 1, anInteger: 2, aBigint: 3, aBoolean: true,
    aReal: 1.5, aDouble: 2.5, aNumeric: 1, aMoney: 2, aDate: CalendarDate(year: 2025, month: 1, day: 2),
    aTime: TimeOfDay(hour: 1, minute: 2), aTimetz: TimeOfDay(hour: 1, minute: 2, utcOffset: 0),
    aTimestamp: date(micros: instant), aTimestamptz: date(micros: instant), anInterval: "1 day", aJSON: [:], aJsonb: [1],
    aShapedJsonb: SampleNote(label: "l"), aBytea: Data([1]), anInet: "127.0.0.1", aMood: .happy, maybeMood: .sad,
    texts: ["a"], numbers: [], decimals: [], dates: [], times: [], stamps: [], blobs: [], moods: [])
let insertText = text(insert)
expect(!insertText.contains("null"), "an insert leaves nil out: \(insertText)")
expect(!insertText.contains(#""id""#) && !insertText.contains("a_serial") && !insertText.contains("maybe_uuid"), "nil columns absent")
expect(insertText.contains(#""maybe_mood":"sad""#) && insertText.contains(#""a_time":"01:02:00""#), "set values present")
expect(insertText.contains(#""a_timetz":"01:02:00+00""#) && insertText.contains(#""a_shaped_jsonb":{"label":"l"}"#), "nested values")
expect((try? decoder.decode(NewSample.self, from: Data(insertText.utf8))) == insert, "insert decodes back")

do {
    _ = try decoder.decode(Sample.self, from: Data(row.replacingOccurrences(of: "\"a_date\":\"2025-11-01\"", with: "\"a_date\":\"2025-11-31\"").utf8))
    expect(false, "an invalid date must not decode")
} catch let DecodingError.dataCorrupted(context) {
    expect(context.codingPath.last?.stringValue == "a_date", "error points at the column: \(context.codingPath)")
}

if failures.isEmpty {
    print("\(count) checks, all checks passed")
} else {
    print(failures.joined(separator: "\n"))
    print("\(failures.count) of \(count) checks failed")
    exit(1)
}
