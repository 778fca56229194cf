import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libpq, the PostgreSQL client library, loaded when a command first connects.
///
/// schemagen does not link a driver: `generate`, `check` and the build plugins never load one, and the package
/// builds without PostgreSQL's headers. The commands that talk to a database (`pull`, `status`, `migrate apply`)
/// open the system's libpq (Debian's `libpq5`, Homebrew's `libpq`, Postgres.app) at run time, so connection strings,
/// `PG*` variables, `.pgpass`, service files and TLS behave exactly as they do for `psql`.
final class LibPQ: @unchecked Sendable {
    typealias Connect = @convention(c) (UnsafePointer<CChar>) -> OpaquePointer?
    typealias ConnStatus = @convention(c) (OpaquePointer?) -> Int32
    typealias ConnMessage = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias Finish = @convention(c) (OpaquePointer?) -> Void
    typealias ExecParams = @convention(c) (OpaquePointer?, UnsafePointer<CChar>, Int32, UnsafePointer<UInt32>?,
                                           UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
                                           UnsafePointer<Int32>?, Int32) -> OpaquePointer?
    typealias Exec = @convention(c) (OpaquePointer?, UnsafePointer<CChar>) -> OpaquePointer?
    typealias ResultStatus = @convention(c) (OpaquePointer?) -> Int32
    typealias ResultField = @convention(c) (OpaquePointer?, Int32) -> UnsafePointer<CChar>?
    typealias Count = @convention(c) (OpaquePointer?) -> Int32
    typealias Value = @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafePointer<CChar>?
    typealias IsNull = @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    typealias Clear = @convention(c) (OpaquePointer?) -> Void
    typealias NoticeProcessor = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void
    typealias SetNoticeProcessor = @convention(c) (OpaquePointer?, NoticeProcessor?, UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer?
    typealias ConninfoParse = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafeMutableRawPointer?
    typealias ConninfoFree = @convention(c) (UnsafeMutableRawPointer?) -> Void
    typealias FreeMemory = @convention(c) (UnsafeMutableRawPointer?) -> Void

    let connect: Connect
    let status: ConnStatus
    let errorMessage: ConnMessage
    let finish: Finish
    let exec: Exec
    let execParams: ExecParams
    let resultStatus: ResultStatus
    let resultErrorField: ResultField
    let resultErrorMessage: ConnMessage
    let rowCount: Count
    let columnCount: Count
    let value: Value
    let isNull: IsNull
    let clear: Clear
    let setNoticeProcessor: SetNoticeProcessor
    let conninfoParse: ConninfoParse
    let conninfoFree: ConninfoFree
    let freeMemory: FreeMemory
    let serverVersion: ConnStatus

    /// Where libpq is looked for, in order; `SCHEMAGEN_LIBPQ` names a file to use instead.
    static let candidates: [String] = {
        #if os(macOS)
        return ["libpq.5.dylib", "/opt/homebrew/opt/libpq/lib/libpq.5.dylib", "/usr/local/opt/libpq/lib/libpq.5.dylib",
                "/Applications/Postgres.app/Contents/Versions/latest/lib/libpq.5.dylib"]
        #else
        return ["libpq.so.5", "libpq.so"]
        #endif
    }()

    /// The loaded library, or the one-line reason it could not be loaded.
    static let shared: Result<LibPQ, PostgresError> = load()

    private static func load() -> Result<LibPQ, PostgresError> {
        var paths = candidates
        if let chosen = ProcessInfo.processInfo.environment["SCHEMAGEN_LIBPQ"], !chosen.isEmpty { paths = [chosen] }
        var lastError = ""
        for path in paths {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                if let error = dlerror() { lastError = String(cString: error) }
                continue
            }
            if let library = LibPQ(handle) { return .success(library) }
            lastError = "\(path) lacks the functions of libpq 10 or later"
        }
        return .failure(PostgresError(
            kind: .library,
            message: "cannot load libpq, the PostgreSQL client library (\(lastError)); install it "
                + "(Debian/Ubuntu: apt-get install libpq5; macOS: brew install libpq) or set SCHEMAGEN_LIBPQ to its path"))
    }

    private init?(_ handle: UnsafeMutableRawPointer) {
        func symbol<T>(_ name: String, _: T.Type) -> T? {
            guard let pointer = dlsym(handle, name) else { return nil }
            return unsafeBitCast(pointer, to: T.self)
        }
        guard let connect = symbol("PQconnectdb", Connect.self),
              let status = symbol("PQstatus", ConnStatus.self),
              let errorMessage = symbol("PQerrorMessage", ConnMessage.self),
              let finish = symbol("PQfinish", Finish.self),
              let exec = symbol("PQexec", Exec.self),
              let execParams = symbol("PQexecParams", ExecParams.self),
              let resultStatus = symbol("PQresultStatus", ResultStatus.self),
              let resultErrorField = symbol("PQresultErrorField", ResultField.self),
              let resultErrorMessage = symbol("PQresultErrorMessage", ConnMessage.self),
              let rowCount = symbol("PQntuples", Count.self),
              let columnCount = symbol("PQnfields", Count.self),
              let value = symbol("PQgetvalue", Value.self),
              let isNull = symbol("PQgetisnull", IsNull.self),
              let clear = symbol("PQclear", Clear.self),
              let setNoticeProcessor = symbol("PQsetNoticeProcessor", SetNoticeProcessor.self),
              let conninfoParse = symbol("PQconninfoParse", ConninfoParse.self),
              let conninfoFree = symbol("PQconninfoFree", ConninfoFree.self),
              let freeMemory = symbol("PQfreemem", FreeMemory.self),
              let serverVersion = symbol("PQserverVersion", ConnStatus.self)
        else { return nil }
        self.connect = connect
        self.status = status
        self.errorMessage = errorMessage
        self.finish = finish
        self.exec = exec
        self.execParams = execParams
        self.resultStatus = resultStatus
        self.resultErrorField = resultErrorField
        self.resultErrorMessage = resultErrorMessage
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.value = value
        self.isNull = isNull
        self.clear = clear
        self.setNoticeProcessor = setNoticeProcessor
        self.conninfoParse = conninfoParse
        self.conninfoFree = conninfoFree
        self.freeMemory = freeMemory
        self.serverVersion = serverVersion
    }
}

/// A failure talking to PostgreSQL, as one line that never holds the password.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for the exit status and the wording.
    public enum Kind: Sendable, Equatable {
        /// libpq is not installed.
        case library
        /// The connection string or URL is malformed.
        case badURL
        /// The server could not be reached, refused the login, or the database does not exist.
        case connection
        /// A statement failed.
        case statement
    }

    /// The kind of failure.
    public var kind: Kind
    /// The one-line message.
    public var message: String
    /// PostgreSQL's SQLSTATE for a failed statement (`42501` is a missing privilege).
    public var sqlState: String? = nil

    /// Whether PostgreSQL refused for lack of a privilege.
    public var isMissingPrivilege: Bool { sqlState == "42501" }

    public var description: String { message }
}

/// One connection to PostgreSQL through libpq.
public final class PostgresConnection {
    private let library: LibPQ
    private var handle: OpaquePointer?
    private let secrets: [String]

    /// The server's version as a number (`150004` for 15.4).
    public let serverVersion: Int

    /// Connects with `url` (a `postgres://` URL or a `key=value` connection string), else `DATABASE_URL`, else
    /// libpq's defaults (the `PG*` variables, `.pgpass`, the local socket).
    public init(url: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let library: LibPQ
        switch LibPQ.shared {
        case .success(let loaded): library = loaded
        case .failure(let error): throw error
        }
        self.library = library
        let conninfo = url ?? environment["DATABASE_URL"] ?? ""
        var secrets: [String] = []
        var sslMode = environment["PGSSLMODE"]
        if !conninfo.isEmpty {
            if let problem = PostgresConnection.schemeProblem(conninfo) {
                throw PostgresError(kind: .badURL, message: "bad database URL: \(problem)")
            }
            var message: UnsafeMutablePointer<CChar>?
            guard let options = library.conninfoParse(conninfo, &message) else {
                let text = message.map { String(cString: $0) } ?? "cannot parse it"
                if let message { library.freeMemory(message) }
                throw PostgresError(kind: .badURL, message: "bad database URL: " + PostgresConnection.parseProblem(text, in: conninfo))
            }
            let values = PostgresConnection.values(in: options, library)
            library.conninfoFree(options)
            if let password = values["password"], !password.isEmpty { secrets.append(password) }
            if let mode = values["sslmode"], !mode.isEmpty { sslMode = mode }
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { secrets.append(password) }
        self.secrets = secrets
        // A connection timeout unless the caller chose one, so an unreachable host fails in seconds.
        var full = conninfo
        if environment["PGCONNECT_TIMEOUT"] == nil, !conninfo.contains("connect_timeout") {
            full = conninfo.isEmpty ? "connect_timeout=10"
                : PostgresConnection.isURL(conninfo) ? conninfo + (conninfo.contains("?") ? "&" : "?") + "connect_timeout=10"
                : conninfo + " connect_timeout=10"
        }
        let handle = library.connect(full)
        if library.status(handle) != 0 {
            let text = library.errorMessage(handle).map { String(cString: $0) } ?? "cannot connect"
            library.finish(handle)
            throw PostgresConnection.connectionError(text, secrets: secrets, sslMode: sslMode)
        }
        self.handle = handle
        _ = library.setNoticeProcessor(handle, { _, _ in }, nil)
        serverVersion = Int(library.serverVersion(handle))
    }

    deinit { close() }

    /// Closes the connection.
    public func close() {
        if let handle { library.finish(handle) }
        handle = nil
    }

    /// Runs SQL (one or several statements, no parameters) and returns the rows of the last, as text.
    @discardableResult
    public func execute(_ sql: String) throws -> [[String?]] {
        try rows(library.exec(handle, sql))
    }

    /// Runs one statement with text parameters (`$1`, `$2`, ...) and returns its rows, as text.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?]) throws -> [[String?]] {
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let values = copies.map { UnsafePointer($0) }
        let result = values.withUnsafeBufferPointer { buffer in
            library.execParams(handle, sql, Int32(parameters.count), nil, buffer.baseAddress, nil, nil, 0)
        }
        return try rows(result)
    }

    /// The single text value of a query that returns one row of one column (nil when it is NULL or there is no row).
    public func scalar(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try query(sql, parameters).first?.first ?? nil
    }

    private func rows(_ result: OpaquePointer?) throws -> [[String?]] {
        defer { library.clear(result) }
        let status = library.resultStatus(result)
        // PGRES_EMPTY_QUERY 0, PGRES_COMMAND_OK 1, PGRES_TUPLES_OK 2.
        guard result != nil, status <= 2 else {
            throw statementError(result)
        }
        var rows: [[String?]] = []
        let count = library.rowCount(result), columns = library.columnCount(result)
        rows.reserveCapacity(Int(count))
        for row in 0..<count {
            var values: [String?] = []
            for column in 0..<columns {
                if library.isNull(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    values.append(library.value(result, row, column).map { String(cString: $0) })
                }
            }
            rows.append(values)
        }
        return rows
    }

    private func statementError(_ result: OpaquePointer?) -> PostgresError {
        func field(_ code: Character) -> String? {
            library.resultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        guard result != nil, let primary = field("M") else {
            let text = library.errorMessage(handle).map { String(cString: $0) } ?? "the connection failed"
            return PostgresError(kind: .connection, message: PostgresConnection.redact(PostgresConnection.oneLine(text), secrets))
        }
        let state = field("C")
        var text = "\(field("S") ?? "ERROR")\(state.map { " \($0)" } ?? ""): \(primary)"
        if let detail = field("D") { text += " (\(detail))" }
        if let hint = field("H") { text += " Hint: \(hint)" }
        return PostgresError(kind: .statement, message: PostgresConnection.redact(PostgresConnection.oneLine(text), secrets),
                             sqlState: state)
    }

    /// The options of a parsed connection string that have a value, by keyword.
    static func values(in options: UnsafeMutableRawPointer, _ library: LibPQ) -> [String: String] {
        // PQconninfoOption: keyword, envvar, compiled, val, label, dispchar (char *) and dispsize (int).
        let pointer = MemoryLayout<UnsafePointer<CChar>?>.stride
        let stride = pointer * 6 + MemoryLayout<Int>.stride
        var found: [String: String] = [:]
        var offset = 0
        while let keyword = options.load(fromByteOffset: offset, as: UnsafePointer<CChar>?.self) {
            if let value = options.load(fromByteOffset: offset + 3 * pointer, as: UnsafePointer<CChar>?.self) {
                found[String(cString: keyword)] = String(cString: value)
            }
            offset += stride
        }
        return found
    }

    /// Whether libpq reads the string as a URL (`postgres://`, `postgresql://`) rather than as `key=value` pairs; a
    /// key=value string may hold `://` in a value (`options='-c search_path=a://b'`).
    package static func isURL(_ conninfo: String) -> Bool {
        let lower = conninfo.prefix(13).lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Why a URL is not one libpq reads, before libpq says so less clearly (`missing "=" after "mysql://..."`).
    ///
    /// Names only the scheme: the rest may hold a password in a shape no masking foresees (`mysql://u:pa/ss@h`).
    static func schemeProblem(_ conninfo: String) -> String? {
        guard let scheme = conninfo.range(of: "://"), !conninfo[..<scheme.lowerBound].contains(where: { $0 == " " || $0 == "=" })
        else { return nil }
        let name = conninfo[..<scheme.lowerBound].lowercased()
        if name == "postgres" || name == "postgresql" { return nil }
        let plain = !name.isEmpty && name.count <= 20 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }
        return "\(plain ? "a \(name):// URL" : "the URL") is not a PostgreSQL URL "
            + "(postgres://USER@HOST:PORT/DATABASE, the password in PGPASSWORD or ~/.pgpass, or a key=value connection string)"
    }

    /// Whether a connection string carries a password (`postgres://me:secret@h`, `?password=`, `password=...`).
    ///
    /// Read leniently, without libpq: it errs towards yes, since it only decides whether to warn.
    package static func carriesPassword(_ conninfo: String) -> Bool {
        !secretCandidates(in: conninfo).isEmpty
    }

    /// The parts of a connection string that may be a password, read generously (more than libpq would take), so a
    /// message can be checked for any piece of them whatever the string's shape: for a URL, everything after the
    /// first `:` of the text between `://` and its last `@`; for `password=` (a URL parameter or a key=value pair),
    /// the rest of the string.
    static func secretCandidates(in conninfo: String) -> [String] {
        var found: [String] = []
        if let scheme = conninfo.range(of: "://"), let at = conninfo[scheme.upperBound...].lastIndex(of: "@"),
           let colon = conninfo[scheme.upperBound..<at].firstIndex(of: ":") {
            let secret = String(conninfo[conninfo.index(after: colon)..<at])
            if !secret.isEmpty { found.append(secret) }
        }
        let lower = conninfo.lowercased()
        var search = lower.startIndex
        while let key = lower.range(of: "password", range: search..<lower.endIndex) {
            search = key.upperBound
            var cursor = key.upperBound
            while cursor < lower.endIndex, lower[cursor] == " " { cursor = lower.index(after: cursor) }
            guard cursor < lower.endIndex, lower[cursor] == "=" else { continue }
            cursor = lower.index(after: cursor)
            while cursor < lower.endIndex, lower[cursor] == " " { cursor = lower.index(after: cursor) }
            // `lower` differs from `conninfo` only in letter case, so offsets carry over.
            let offset = lower.distance(from: lower.startIndex, to: cursor)
            let secret = String(conninfo.dropFirst(offset))
            if !secret.isEmpty, secret != "&" { found.append(secret) }
        }
        return found
    }

    /// libpq's reason for refusing a connection string, as one line that holds no piece of a password.
    ///
    /// libpq quotes the piece of the string where it stopped (`invalid percent-encoded token: "Sec%zzret"`), which
    /// may be the password or part of it. A quoted piece is kept only when it cannot be part of a password; and
    /// if anything of a possible password remains, only libpq's wording before the first quote is kept.
    static func parseProblem(_ libpqMessage: String, in conninfo: String) -> String {
        let text = oneLine(libpqMessage)
        let secrets = secretCandidates(in: conninfo)
        func isSafe(_ piece: Substring) -> Bool {
            piece == "=" || piece == "]" || (!piece.isEmpty && !secrets.contains { $0.contains(piece) || piece.contains($0) })
        }
        let redacted = text.replacing(/"([^"]*)"/) { match in isSafe(match.output.1) ? match.output.0 : "\"****\"" }
        if !holdsPieceOfSecret(redacted.replacingOccurrences(of: "\"****\"", with: " "), secrets) { return redacted }
        let wording = text.prefix { $0 != "\"" }.trimmingCharacters(in: CharacterSet(charactersIn: " :"))
        if wording == "missing" { return #"missing "=" after a word of the connection string"# }
        return wording.isEmpty ? "cannot parse it" : wording
    }

    /// Whether `text` holds a run of a possible password: the whole of a short one, or any four characters in a row
    /// of a longer one, outside libpq's own words.
    static func holdsPieceOfSecret(_ text: String, _ secrets: [String]) -> Bool {
        for secret in secrets {
            let characters = Array(secret)
            let width = min(4, characters.count)
            guard width > 0 else { continue }
            for start in 0...(characters.count - width) {
                let piece = String(characters[start..<(start + width)])
                // A short piece of libpq's own wording ("in ", "conn") is not the password showing.
                if piece.allSatisfy({ $0.isLetter || $0 == " " }), libpqWords.contains(where: { $0.contains(piece.lowercased()) }) { continue }
                if text.contains(piece) { return true }
            }
        }
        return false
    }

    /// The words libpq's connection-string errors are written in.
    private static let libpqWords = [
        "invalid percent-encoded token", "forbidden value %00 in percent-encoded value", "missing \"=\" after",
        "in connection info string", "unterminated quoted string", "invalid connection option",
        "invalid uri query parameter", "extra key/value separator", "missing key/value separator",
        "invalid uri propagated to internal parser routine", "end of string reached when looking for matching",
        "in ipv6 host address in uri", "unexpected spaces found in", "use uri query parameters", "invalid integer value",
        "for connection option", "invalid sslmode value", "invalid port number",
    ]

    /// libpq's report of a failed connection as one line that names what was tried first:
    /// `cannot connect to db.example.com:5432: FATAL: password authentication failed for user "me"`.
    static func connectionError(_ text: String, secrets: [String], sslMode: String?) -> PostgresError {
        var kind = PostgresError.Kind.connection
        var attempts: [String] = []
        for raw in text.split(whereSeparator: \.isNewline) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            line = line.replacingOccurrences(of: "FATAL:  ", with: "FATAL: ")
            line = line.replacingOccurrences(of: "fe_sendauth: no password supplied",
                                              with: "the server asks for a password and none was given (put it in the URL, PGPASSWORD or ~/.pgpass)")
            line = line.replacingOccurrences(of: "server does not support SSL, but SSL was required",
                                              with: "the server does not accept TLS, but sslmode=\(sslMode ?? "require") requires it")
            if let rewritten = attemptLine(line) {
                attempts.append(rewritten)
            } else if line.hasPrefix("invalid ") {
                kind = .badURL
                attempts.append("bad database URL: " + line)
            } else if let host = line.firstMatch(of: /^could not translate host name "(.*)" to address: (.*)$/) {
                attempts.append("cannot connect to \(host.1): the host name does not resolve (\(host.2))")
            } else if attempts.isEmpty {
                attempts.append("cannot connect: " + line)
            } else {
                // libpq's hint after the reason (`Is the server running on that host ...?`) continues the attempt.
                attempts[attempts.count - 1] += " (\(line.prefix(1).lowercased() + line.dropFirst()))"
            }
        }
        let message = attempts.isEmpty ? "cannot connect" : attempts.joined(separator: "; ")
        return PostgresError(kind: kind, message: redact(message, secrets))
    }

    /// `connection to server at "HOST" (ADDRESS), port PORT failed: REASON` or `... on socket "PATH" failed: REASON`,
    /// rewritten as `cannot connect to HOST:PORT (ADDRESS): REASON` or `cannot connect to the unix socket PATH: REASON`.
    static func attemptLine(_ line: String) -> String? {
        if let match = line.firstMatch(of: /^connection to server at "([^"]*)"(?: \(([^)]*)\))?, port ([0-9]+) failed: (.*)$/) {
            let host = match.1.contains(":") ? "[\(match.1)]" : String(match.1)
            let address = match.2.map { " (\($0))" } ?? ""
            return "cannot connect to \(host):\(match.3)\(address): \(match.4)"
        }
        if let match = line.firstMatch(of: /^connection to server on socket "([^"]*)" failed: (.*)$/) {
            return "cannot connect to the unix socket \(match.1): \(match.2)"
        }
        return nil
    }

    /// libpq's multi-line messages as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    /// A connection string with its password replaced: `postgres://me:****@host/db`, `password=****`.
    static func masked(_ conninfo: String) -> String {
        var text = conninfo
        if let scheme = text.range(of: "://") {
            let rest = text[scheme.upperBound...]
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
            if let at = rest[..<authorityEnd].lastIndex(of: "@"),
               let colon = rest[..<at].firstIndex(of: ":") {
                text.replaceSubrange(text.index(after: colon)..<at, with: "****")
            }
        }
        for key in ["password=", "password ="] {
            var search = text.startIndex
            while let found = text.range(of: key, range: search..<text.endIndex) {
                let valueEnd = text[found.upperBound...].firstIndex { $0 == " " || $0 == "&" } ?? text.endIndex
                text.replaceSubrange(found.upperBound..<valueEnd, with: "****")
                search = text.index(found.upperBound, offsetBy: 4, limitedBy: text.endIndex) ?? text.endIndex
            }
        }
        return text
    }

    static func redact(_ text: String, _ secrets: [String]) -> String {
        secrets.reduce(text) { $0.replacingOccurrences(of: $1, with: "****") }
    }
}
