#if Database
import Foundation
import PostgresNIO
import SchemaGenKit

/// One connection to PostgreSQL, and the one-line errors for what can go wrong reaching it.
struct DatabaseConnection {
    /// A failure to print as one line; its text never holds the password.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    let connection: PostgresConnection
    let settings: ConnectionSettings
    let logger: Logger

    /// Connects with the settings of `--db`, `DATABASE_URL` or the `PG*` variables.
    static func connect(url: String?) async throws -> DatabaseConnection {
        let settings: ConnectionSettings
        do {
            var environment = ProcessInfo.processInfo.environment
            // libpq's last resort for the user name is the operating system's user.
            if environment["USER"] == nil, let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
                environment["USER"] = String(cString: name)
            }
            settings = try ConnectionSettings.resolve(url: url, environment: environment)
        } catch let failure as ConnectionSettings.Failure {
            throw Failure(message: "bad database URL: \(failure.message)")
        }
        var logger = Logger(label: "schemagen-db")
        logger.logLevel = .critical
        var configuration: PostgresConnection.Configuration
        if settings.isUnixSocket {
            configuration = .init(unixSocketPath: settings.socketPath, username: settings.user, password: settings.password,
                                  database: settings.database)
            if settings.sslMode == .require || settings.sslMode == .verifyCA || settings.sslMode == .verifyFull {
                throw Failure(message: "sslmode=\(settings.sslMode.rawValue) needs a TCP host, not the unix socket \(settings.socketPath)")
            }
        } else {
            configuration = .init(host: settings.host, port: settings.port, username: settings.user, password: settings.password,
                                  database: settings.database, tls: try tls(settings))
        }
        configuration.options.connectTimeout = .seconds(10)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            return DatabaseConnection(connection: connection, settings: settings, logger: logger)
        } catch {
            throw Failure(message: describe(connecting: error, settings))
        }
    }

    private static func tls(_ settings: ConnectionSettings) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch settings.sslMode {
        case .disable: return .disable
        case .allow, .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let file = settings.sslRootCert, settings.sslMode == .verifyCA || settings.sslMode == .verifyFull {
            configuration.trustRoots = .file(file)
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: configuration) } catch {
            throw Failure(message: "cannot set up TLS (sslmode=\(settings.sslMode.rawValue)): \(error)")
        }
        return settings.sslMode == .allow || settings.sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// The one line for a failed connection attempt.
    static func describe(connecting error: any Error, _ settings: ConnectionSettings) -> String {
        let place = settings.isUnixSocket ? "the unix socket \(settings.socketPath)" : "\(settings.host):\(settings.port)"
        if let error = error as? PSQLError {
            if error.code == .server, let state = error.serverInfo?[.sqlState] {
                let message = error.serverInfo?[.message] ?? "error \(state)"
                switch state {
                case "28P01", "28000": return "authentication failed for user \(settings.user) at \(place): \(message)"
                case "3D000": return "database \(settings.database) does not exist at \(place)"
                case "42501": return "missing privilege: \(message)"
                default: return "cannot connect to \(place): \(message)"
                }
            }
            if error.code == .sslUnsupported {
                return "\(place) does not accept TLS, but sslmode=\(settings.sslMode.rawValue) requires it"
            }
            if error.code == .authMechanismRequiresPassword {
                return "authentication failed for user \(settings.user) at \(place): the server asks for a password and none was given (PGPASSWORD or the URL)"
            }
            if error.code == .unsupportedAuthMechanism {
                return "authentication failed for user \(settings.user) at \(place): the server asks for an unsupported method"
            }
            if let underlying = error.underlying { return "cannot reach \(place): \(redacted(underlying, settings))" }
            return "cannot connect to \(place): \(error.code)"
        }
        return "cannot reach \(place): \(redacted(error, settings))"
    }

    /// An error's text with the password removed, should a library ever echo it.
    static func redacted(_ error: any Error, _ settings: ConnectionSettings) -> String {
        var text = String(describing: error)
        if let password = settings.password, !password.isEmpty { text = text.replacingOccurrences(of: password, with: "****") }
        return text
    }

    /// PostgreSQL's message for a failed statement: `ERROR 42P07: relation "x" already exists`.
    static func serverMessage(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        guard let info = error.serverInfo else {
            return error.underlying.map { String(describing: $0) } ?? "\(error.code)"
        }
        var text = "\(info[.severity] ?? "ERROR") \(info[.sqlState] ?? ""): \(info[.message] ?? "")"
        if let detail = info[.detail] { text += " (\(detail))" }
        return text
    }

    /// Whether PostgreSQL refused for lack of a privilege.
    static func isPrivilegeError(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "42501"
    }

    /// Runs a statement and discards its rows.
    func execute(_ sql: String) async throws {
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        for try await _ in rows {}
    }

    func close() async {
        try? await connection.close()
    }
}
#endif
