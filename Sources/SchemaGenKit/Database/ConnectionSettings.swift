/// Where and how to connect to PostgreSQL, read from a libpq-style URL (`postgres://` or `postgresql://`), else
/// `DATABASE_URL`, else the `PG*` variables. Never prints the password: `description` leaves it out.
public struct ConnectionSettings: Sendable, Equatable, CustomStringConvertible {
    /// How TLS is used, as libpq's `sslmode`.
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A host name or address, or a directory holding the unix socket (starts with `/`).
    public var host: String
    /// The TCP port, or the socket file's suffix (`.s.PGSQL.<port>`).
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// The password, if any (from the URL, `password=` or `PGPASSWORD`).
    public var password: String?
    /// The database name.
    public var database: String
    /// TLS: `disable` for a unix socket unless asked otherwise.
    public var sslMode: SSLMode
    /// A file of trusted root certificates for `verify-ca` / `verify-full` (`sslrootcert=`, `PGSSLROOTCERT`).
    public var sslRootCert: String?

    /// Whether `host` names a unix socket directory.
    public var isUnixSocket: Bool { host.hasPrefix("/") }
    /// The socket file for a unix socket connection.
    public var socketPath: String { host + "/.s.PGSQL.\(port)" }

    /// `user@host:port/database`, without the password.
    public var description: String {
        let place = isUnixSocket ? socketPath : "\(host.contains(":") ? "[\(host)]" : host):\(port)"
        return "\(user)@\(place)/\(database)"
    }

    /// Why a URL or environment could not be read; its text never holds the password.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        /// The one-line message.
        public var message: String
        /// Creates a failure.
        public init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// The settings from `--db` (when given), else `DATABASE_URL`, else the `PG*` variables of `environment`.
    public static func resolve(url: String?, environment: [String: String]) throws -> ConnectionSettings {
        if let url, !url.isEmpty { return try parse(url, environment: environment) }
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            do { return try parse(url, environment: environment) } catch let failure as Failure {
                throw Failure("DATABASE_URL: " + failure.message)
            }
        }
        return try fill(ConnectionSettingsParts(), environment: environment)
    }

    /// Reads a libpq connection URL; what it leaves out comes from the `PG*` variables and libpq's defaults.
    public static func parse(_ url: String, environment: [String: String] = [:]) throws -> ConnectionSettings {
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: { url.lowercased().hasPrefix($0) }) else {
            throw Failure("the database URL must start with postgres:// or postgresql://")
        }
        var rest = Substring(url.dropFirst(scheme.count))
        var parts = ConnectionSettingsParts()
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                parts.user = try decode(userInfo[..<colon], what: "user name")
                parts.password = try decode(userInfo[userInfo.index(after: colon)...], what: "password")
            } else {
                parts.user = try decode(userInfo, what: "user name")
            }
        }
        if rest.contains(",") { throw Failure("the database URL names several hosts; give one") }
        var hostPart = rest
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw Failure("the database URL has an unclosed [ in its host") }
            parts.host = String(hostPart[hostPart.index(after: hostPart.startIndex)..<close])
            hostPart = hostPart[hostPart.index(after: close)...]
            if hostPart.hasPrefix(":") { parts.port = try port(hostPart.dropFirst()) } else if !hostPart.isEmpty {
                throw Failure("the database URL has text after its host's ]")
            }
        } else if let colon = hostPart.firstIndex(of: ":") {
            parts.host = try decode(hostPart[..<colon], what: "host")
            parts.port = try port(hostPart[hostPart.index(after: colon)...])
        } else if !hostPart.isEmpty {
            parts.host = try decode(hostPart, what: "host")
        }
        if parts.host?.isEmpty == true { parts.host = nil }
        if !path.isEmpty { parts.database = try decode(path, what: "database name") }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { throw Failure("the database URL's parameter '\(pair)' has no value") }
            let key = try decode(pair[..<equals], what: "parameter")
            let value = try decode(pair[pair.index(after: equals)...], what: "parameter value")
            switch key {
            case "host": parts.host = value
            case "port": parts.port = try port(Substring(value))
            case "user": parts.user = value
            case "password": parts.password = value
            case "dbname": parts.database = value
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw Failure("sslmode '\(value)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                parts.sslMode = mode
            case "sslrootcert": parts.sslRootCert = value
            case "application_name", "connect_timeout", "options", "fallback_application_name": continue
            default: throw Failure("the database URL's parameter '\(key)' is not supported (host, port, user, password, dbname, sslmode, sslrootcert)")
            }
        }
        return try fill(parts, environment: environment)
    }

    static func fill(_ parts: ConnectionSettingsParts, environment: [String: String]) throws -> ConnectionSettings {
        func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        let host = parts.host ?? env("PGHOST") ?? "/var/run/postgresql"
        let port: Int
        if let value = parts.port { port = value } else if let text = env("PGPORT") { port = try Self.port(Substring(text)) } else { port = 5432 }
        guard let user = parts.user ?? env("PGUSER") ?? env("USER") ?? env("LOGNAME") else {
            throw Failure("no user name: give one in the database URL or set PGUSER")
        }
        let database = parts.database ?? env("PGDATABASE") ?? user
        var mode: SSLMode
        if let value = parts.sslMode { mode = value } else if let text = env("PGSSLMODE") {
            guard let value = SSLMode(rawValue: text) else {
                throw Failure("PGSSLMODE '\(text)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mode = value
        } else {
            mode = .prefer
        }
        if host.hasPrefix("/") && (mode == .prefer || mode == .allow) { mode = .disable }
        return ConnectionSettings(host: host, port: port, user: user, password: parts.password ?? env("PGPASSWORD"),
                                  database: database, sslMode: mode, sslRootCert: parts.sslRootCert ?? env("PGSSLROOTCERT"))
    }

    private static func port(_ text: Substring) throws -> Int {
        guard let value = Int(text), (1...65535).contains(value) else { throw Failure("the port '\(text)' is not a number from 1 to 65535") }
        return value
    }

    private static func decode(_ text: Substring, what: String) throws -> String {
        var bytes: [UInt8] = []
        var index = text.utf8.startIndex
        let utf8 = text.utf8
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "%") {
                let first = utf8.index(after: index)
                guard first != utf8.endIndex, utf8.index(after: first) != utf8.endIndex,
                      let high = hex(utf8[first]), let low = hex(utf8[utf8.index(after: first)]) else {
                    throw Failure("the database URL's \(what) has a bad %-escape")
                }
                bytes.append(high << 4 | low)
                index = utf8.index(first, offsetBy: 2)
            } else {
                bytes.append(byte)
                index = utf8.index(after: index)
            }
        }
        guard let value = String(validating: bytes, as: UTF8.self) else { throw Failure("the database URL's \(what) is not UTF-8") }
        return value
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// What a URL gave, before the environment and defaults fill the rest.
struct ConnectionSettingsParts {
    var host: String?
    var port: Int?
    var user: String?
    var password: String?
    var database: String?
    var sslMode: ConnectionSettings.SSLMode?
    var sslRootCert: String?
}
