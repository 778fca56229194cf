// The Swift round trip of the swift-types fixture (one column of every type), run by SwiftRoundTripTests:
//   program decode DIR    decodes samples as PostgreSQL wrote them after swift-types.sql, checks every field,
//                         writes them back (samples.out.json) and an insert with every type (samples.new.json)
//   program inserted DIR  checks the row PostgreSQL made from that insert (samples.after.json)
import Foundation

var run = RoundTrip(arguments: CommandLine.arguments)
let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ""

/// Checks a sample, comparing its NaN floats apart (NaN is never equal to itself).
@MainActor func check(_ actual: Sample?, _ expected: Sample, _ what: String) {
    guard var actual else {
        run.expect(false, "\(what): no such row")
        return
    }
    var expected = expected
    if expected.aReal.isNaN {
        run.expect(actual.aReal.isNaN, "\(what): aReal \(actual.aReal) is not NaN")
        actual.aReal = 0
        expected.aReal = 0
    }
    run.expect(actual, equals: expected, what)
}

let inserted = Sample(
    id: 3, aUUID: uuid("33333333-3333-4333-8333-333333333333"), aText: "inserted \\(x) \"q\"", aVarchar: "v", aChar: "abc",
    aSmallint: .max, anInteger: .min, aBigint: .max, aSerial: 1, aSmallserial: 1, aBoolean: true, aReal: .infinity,
    aDouble: -0.000_001, aNumeric: decimal("-98765432109876543210.987654321"), aMoney: decimal("0.50"),
    aDate: CalendarDate(year: 2025, month: 12, day: 31), aTime: TimeOfDay(hour: 23, minute: 59, second: 59, microsecond: 999_999),
    aTimetz: TimeOfDay(hour: 1, minute: 2, second: 3, utcOffset: -(9 * 3_600 + 30 * 60)),
    aTimestamp: at("2025-11-03T10:00:00.000001"), aTimestamptz: at("2025-11-03T10:00:00.999999-07:00"),
    anInterval: "1 day", aJSON: ["a": [1, 2]], aJsonb: ["nested": ["deep": [.null, true]]],
    aShapedJsonb: SampleNote(label: "new", score: 2.25), aBytea: Data([0, 1, 254, 255]), anInet: "192.168.1.1",
    aMood: .soSo, maybeUUID: uuid("44444444-4444-4444-8444-444444444444"), maybeDate: CalendarDate(year: 1, month: 1, day: 1),
    maybeTime: TimeOfDay(hour: 0, minute: 0), maybeTimestamptz: .distantPast, maybeNumeric: 0, maybeJsonb: "text",
    maybeBytea: Data(), maybeMood: .happy, texts: ["a\nb", "\u{1F43C}"], numbers: [.max, .min], decimals: [decimal("0.1234")],
    dates: [CalendarDate(year: 2000, month: 2, day: 29)], times: [TimeOfDay(hour: 12, minute: 0, second: 0, microsecond: 1)],
    stamps: [at("2025-11-03T10:00:00.5Z"), .distantFuture], blobs: [Data([7])], moods: [.sad], maybeTexts: [])

if mode == "decode" {
    let samples = run.roundTrip(Sample.self, "samples")
    run.expect(samples.count == 2, "samples: \(samples.count) rows")
    check(find(samples, 1), Sample(
        id: 1, aUUID: uuid("0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d"), aText: "tab\there \"quoted\" \\ back \u{e9} \u{1F43C}",
        aVarchar: "varchar", aChar: "ab ", aSmallint: .min, anInteger: .max, aBigint: .min, aSerial: 1, aSmallserial: .max,
        aBoolean: true, aReal: .nan, aDouble: -.infinity, aNumeric: decimal("12345678901234567890.123456789"),
        aMoney: decimal("-0.01"), aDate: CalendarDate(year: -43, month: 3, day: 15),
        aTime: TimeOfDay(hour: 0, minute: 0, second: 0, microsecond: 1),
        aTimetz: TimeOfDay(hour: 12, minute: 34, second: 56, microsecond: 500_000, utcOffset: -19_800),
        aTimestamp: at("2025-11-01 12:34:56.123456Z"), aTimestamptz: at("2025-11-01 18:04:56.123456+05:30"),
        anInterval: "1 year 2 mons 3 days 04:05:06.789", aJSON: ["k": [1, 2.5, "x", .null], "z": [:]],
        aJsonb: [true, false, .null, 1e300, -0.5, "NaN"], aShapedJsonb: SampleNote(label: "l", score: 0.1),
        aBytea: Data([0x00, 0xFF, 0x10]), anInet: "2001:db8::1/64", aMood: .soSo,
        maybeUUID: uuid("ffffffff-ffff-4fff-bfff-ffffffffffff"), maybeDate: CalendarDate(year: 2024, month: 2, day: 29),
        maybeTime: TimeOfDay(hour: 24, minute: 0), maybeTimestamptz: .distantFuture,
        maybeNumeric: decimal("0.000000000000000000000000000001"), maybeJsonb: "just a string", maybeBytea: Data(),
        maybeMood: .sad, texts: ["", "NULL", "a,b", "{}"], numbers: [-1, 0, 1],
        decimals: [1, decimal("0.0001"), decimal("-99999.9999")],
        dates: [CalendarDate(year: 2025, month: 1, day: 1), CalendarDate(year: 1, month: 1, day: 1)],
        times: [TimeOfDay(hour: 23, minute: 59, second: 59, microsecond: 999_999)],
        stamps: [.distantPast, at("1970-01-01 00:00:00+00"), at("1999-12-31 23:59:59.999999-12")],
        blobs: [Data([0xDE, 0xAD, 0xBE, 0xEF]), Data()], moods: [.happy, .soSo], maybeTexts: ["x"]), "sample 1")
    check(find(samples, 2), Sample(
        id: 2, aUUID: uuid("00000000-0000-4000-8000-000000000000"), aText: "", aVarchar: "v", aChar: "c  ", aSmallint: 0,
        anInteger: 0, aBigint: 0, aSerial: 2, aSmallserial: 2, aBoolean: false, aReal: 1.5, aDouble: 3.141592653589793,
        aNumeric: 0, aMoney: decimal("1234567890.12"), aDate: CalendarDate(year: 2025, month: 11, day: 1),
        aTime: TimeOfDay(hour: 12, minute: 0), aTimetz: TimeOfDay(hour: 0, minute: 0, utcOffset: 0),
        aTimestamp: at("1970-01-01 00:00:00Z"), aTimestamptz: at("2000-01-01 00:00:00+00"), anInterval: "00:00:00",
        aJSON: [], aJsonb: [:], aShapedJsonb: SampleNote(label: ""), aBytea: Data(), anInet: "127.0.0.1", aMood: .happy,
        texts: [], numbers: [], decimals: [], dates: [], times: [], stamps: [], blobs: [], moods: []), "sample 2")
    run.write([
        NewSample(
            id: inserted.id, aUUID: inserted.aUUID, aText: inserted.aText, aVarchar: inserted.aVarchar, aChar: inserted.aChar,
            aSmallint: inserted.aSmallint, anInteger: inserted.anInteger, aBigint: inserted.aBigint, aBoolean: inserted.aBoolean,
            aReal: inserted.aReal, aDouble: inserted.aDouble, aNumeric: inserted.aNumeric, aMoney: inserted.aMoney,
            aDate: inserted.aDate, aTime: inserted.aTime, aTimetz: inserted.aTimetz, aTimestamp: inserted.aTimestamp,
            aTimestamptz: inserted.aTimestamptz, anInterval: inserted.anInterval, aJSON: inserted.aJSON,
            aJsonb: inserted.aJsonb, aShapedJsonb: inserted.aShapedJsonb, aBytea: inserted.aBytea, anInet: inserted.anInet,
            aMood: inserted.aMood, maybeUUID: inserted.maybeUUID, maybeDate: inserted.maybeDate, maybeTime: inserted.maybeTime,
            maybeTimestamptz: inserted.maybeTimestamptz, maybeNumeric: inserted.maybeNumeric, maybeJsonb: inserted.maybeJsonb,
            maybeBytea: inserted.maybeBytea, maybeMood: inserted.maybeMood, texts: inserted.texts, numbers: inserted.numbers,
            decimals: inserted.decimals, dates: inserted.dates, times: inserted.times, stamps: inserted.stamps,
            blobs: inserted.blobs, moods: inserted.moods, maybeTexts: inserted.maybeTexts),
    ], "samples.new")
} else if mode == "inserted" {
    let samples = run.rows(Sample.self, "samples", suffix: ".after") ?? []
    run.expect(samples.count == 3, "samples after the insert: \(samples.count) rows")
    // The serial columns were left out of the insert, so their sequences numbered them.
    var expected = inserted
    if let row = find(samples, 3) {
        expected.aSerial = row.aSerial
        expected.aSmallserial = row.aSmallserial
        run.expect(row.aSerial > 0 && row.aSmallserial > 0, "serials numbered")
    }
    check(find(samples, 3), expected, "inserted sample")
} else {
    run.expect(false, "usage: program decode|inserted DIRECTORY")
}

run.finish()
