// The Swift round trip of the PixCrawler schema (Generated/swift/Models.swift), run by SwiftRoundTripTests:
//   program decode DIR    decodes every table as PostgreSQL wrote it after pixcrawler.sql, checks every field
//                         against what that file inserted, writes the rows back (<table>.out.json) and the
//                         inserts of user 3 (<table>.new.json)
//   program inserted DIR  checks the rows PostgreSQL made from those inserts (<table>.after.json)
import Foundation

let user1 = uuid("11111111-1111-4111-8111-111111111111")
let user2 = uuid("22222222-2222-4222-8222-222222222222")
let user3 = uuid("33333333-3333-4333-8333-333333333333")
let account3 = uuid("a3333333-0000-4000-8000-000000000003")
let project3 = uuid("c3333333-0000-4000-8000-000000000003")

var run = RoundTrip(arguments: CommandLine.arguments)
let mode = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ""

if mode == "decode" {
    let profiles = run.roundTrip(Profile.self, "profiles")
    run.expect(profiles.count == 2, "profiles: \(profiles.count) rows")
    run.expect(find(profiles, user1), equals: Profile(
        id: user1, email: "ada@example.com", fullName: "Ada \"Countess\" Lovelace",
        avatarURL: "https://example.com/ada.png?s=64&t=\\x", role: .admin, onboardingCompleted: true,
        createdAt: at("2025-11-01 12:34:56.123456+00"), updatedAt: at("2025-11-02 08:00:00.000001+05:30")), "profile 1")
    if let profile = find(profiles, user2) {
        run.expect(profile, equals: Profile(
            id: user2, role: .user, onboardingCompleted: false, createdAt: profile.createdAt, updatedAt: profile.updatedAt),
            "profile 2")
    }

    let projects = run.roundTrip(Project.self, "projects")
    run.expect(projects.count == 2, "projects: \(projects.count) rows")
    run.expect(find(projects, uuid("c1111111-0000-4000-8000-000000000001")), equals: Project(
        id: uuid("c1111111-0000-4000-8000-000000000001"), userID: user1, name: "Red pandas",
        description: "Line one\nLine \"two\" \\ backslash, \u{e9}, \u{1F43C}", status: .archived,
        settings: ProjectSettings(defaultMaxImages: 500, searchEngines: ["google", "bing"], imageFormats: ["jpg", "png"]),
        createdAt: at("2025-06-30 23:59:59.999999+00"), updatedAt: at("2025-07-01 00:00:00.000001+02")), "project 1")
    if let project = find(projects, uuid("c2222222-0000-4000-8000-000000000002")) {
        run.expect(project, equals: Project(
            id: project.id, userID: user2, name: "Defaults", status: .active, settings: ProjectSettings(),
            createdAt: project.createdAt, updatedAt: project.updatedAt), "project 2")
    }

    let jobs = run.roundTrip(CrawlJob.self, "crawl_jobs")
    run.expect(jobs.count == 2, "crawl_jobs: \(jobs.count) rows")
    run.expect(find(jobs, uuid("d1111111-0000-4000-8000-000000000001")), equals: CrawlJob(
        id: uuid("d1111111-0000-4000-8000-000000000001"), projectID: uuid("c1111111-0000-4000-8000-000000000001"),
        name: "First crawl", keywords: ["red panda", "quote \"q\"", "comma, brace {x}", "back\\slash", "NULL", ""],
        maxImages: .max, status: .running, progress: 42, totalImages: 1000, downloadedImages: 800, validImages: 750,
        totalChunks: 20, activeChunks: 2, completedChunks: 15, failedChunks: 3, taskIDs: ["celery-1", "celery-2"],
        config: CrawlJobConfig(searchEngines: ["google"], minWidth: 640, minHeight: 480, safeSearch: true, chunkSize: 50),
        errorMessage: "Timeout after 30s\n\ttraceback", startedAt: at("2025-11-01 12:00:00+00"),
        completedAt: at("2025-11-01 13:30:00.5+00"), createdAt: at("2025-11-01 11:59:59.000001+00"),
        updatedAt: at("2025-11-01 13:30:00.500001+00")), "crawl job 1")
    if let job = find(jobs, uuid("d2222222-0000-4000-8000-000000000002")) {
        run.expect(job, equals: CrawlJob(
            id: job.id, projectID: uuid("c2222222-0000-4000-8000-000000000002"), name: "Defaults", keywords: [],
            maxImages: 100, status: .pending, progress: 0, totalImages: 0, downloadedImages: 0, validImages: 0,
            totalChunks: 0, activeChunks: 0, completedChunks: 0, failedChunks: 0, taskIDs: [],
            createdAt: job.createdAt, updatedAt: job.updatedAt), "crawl job 2")
    }

    let notifications = run.roundTrip(Notification.self, "notifications")
    run.expect(notifications.count == 2, "notifications: \(notifications.count) rows")
    run.expect(find(notifications, uuid("e1111111-0000-4000-8000-000000000001")), equals: Notification(
        id: uuid("e1111111-0000-4000-8000-000000000001"), userID: user1, type: .warning, category: .crawlJob,
        title: "Crawl finished", message: "Your crawl \"First crawl\" finished with 3 failed chunks.",
        icon: "alert-triangle", color: "#ff8800", actionURL: "/dashboard/jobs/d1111111-0000-4000-8000-000000000001",
        actionLabel: "Open job", isRead: true, readAt: at("2025-11-01 14:00:00.000001+00"),
        metadata: [
            "job_id": "d1111111-0000-4000-8000-000000000001", "count": 3, "ratio": 0.75, "big": 12_345_678_901_234,
            "nested": ["list": [1, 2.5, .null, true, "x"], "empty": [:]], "flag": false, "nothing": .null,
        ],
        createdAt: at("2025-11-01 13:30:01+00")), "notification 1")
    if let notification = find(notifications, uuid("e2222222-0000-4000-8000-000000000002")) {
        run.expect(notification, equals: Notification(
            id: notification.id, userID: user2, type: .info, title: "Welcome", message: "Hello.", isRead: false,
            metadata: [:], createdAt: notification.createdAt), "notification 2")
    }

    let keys = run.roundTrip(APIKey.self, "api_keys")
    run.expect(keys.count == 2, "api_keys: \(keys.count) rows")
    run.expect(find(keys, uuid("f1111111-0000-4000-8000-000000000001")), equals: APIKey(
        id: uuid("f1111111-0000-4000-8000-000000000001"), userID: user1, name: "Production",
        keyHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", keyPrefix: "pk_live_",
        status: .revoked, permissions: ["read", "write", "admin"], rateLimit: 5000, usageCount: .max,
        lastUsedAt: at("2025-10-31 23:59:59.999999+00"), lastUsedIP: "2001:db8::1", expiresAt: at("2026-01-01 00:00:00+00"),
        createdAt: at("2025-01-01 00:00:00+00"), updatedAt: at("2025-10-31 23:59:59.999999+00")), "API key 1")
    if let key = find(keys, uuid("f2222222-0000-4000-8000-000000000002")) {
        run.expect(key, equals: APIKey(
            id: key.id, userID: user2, name: "Default key", keyHash: "hash-2", keyPrefix: "pk_test_", status: .active,
            permissions: ["read"], rateLimit: 1000, usageCount: 0, lastUsedIP: "203.0.113.7/24",
            createdAt: key.createdAt, updatedAt: key.updatedAt), "API key 2")
    }

    let accounts = run.roundTrip(CreditAccount.self, "credit_accounts")
    run.expect(accounts.count == 2, "credit_accounts: \(accounts.count) rows")
    run.expect(find(accounts, uuid("a1111111-0000-4000-8000-000000000001")), equals: CreditAccount(
        id: uuid("a1111111-0000-4000-8000-000000000001"), userID: user1, currentBalance: decimal("1234567890.12"),
        monthlyUsage: decimal("0.01"), averageDailyUsage: decimal("99.9"), autoRefillEnabled: true,
        refillThreshold: decimal("100.5"), refillAmount: 500, monthlyLimit: decimal("9999999999.99"),
        createdAt: at("2024-02-29 23:59:59.999999-08"), updatedAt: at("2025-01-01 00:00:00+00")), "credit account 1")
    if let account = accounts.first(where: { $0.userID == user2 }) {
        run.expect(account, equals: CreditAccount(
            id: account.id, userID: user2, currentBalance: 0, monthlyUsage: 0, averageDailyUsage: 0,
            autoRefillEnabled: false, refillThreshold: 100, refillAmount: 500, monthlyLimit: 2000,
            createdAt: account.createdAt, updatedAt: account.updatedAt), "credit account 2")
    } else {
        run.expect(false, "credit account 2: no such row")
    }

    let transactions = run.roundTrip(CreditTransaction.self, "credit_transactions")
    run.expect(transactions.count == 2, "credit_transactions: \(transactions.count) rows")
    run.expect(find(transactions, uuid("a1111111-1111-4000-8000-000000000001")), equals: CreditTransaction(
        id: uuid("a1111111-1111-4000-8000-000000000001"), accountID: uuid("a1111111-0000-4000-8000-000000000001"),
        userID: user1, type: .purchase, description: "Bought 500 credits", amount: decimal("500.00"),
        balanceAfter: decimal("1234567890.12"), status: .pending,
        metadata: ["invoice": "INV-1", "lines": [["sku": "credits-500", "qty": 1, "price": 49.99]]],
        createdAt: at("2025-11-01 09:15:00.25+01")), "credit transaction 1")
    if let transaction = find(transactions, uuid("a2222222-2222-4000-8000-000000000002")) {
        run.expect(transaction, equals: CreditTransaction(
            id: transaction.id, accountID: accounts.first { $0.userID == user2 }?.id ?? UUID(), userID: user2,
            type: .autoRefill, description: "Used credits", amount: decimal("-12.34"), balanceAfter: 0, status: .completed,
            createdAt: transaction.createdAt), "credit transaction 2")
    }

    let preferences = run.roundTrip(NotificationPreference.self, "notification_preferences")
    run.expect(preferences.count == 2, "notification_preferences: \(preferences.count) rows")
    run.expect(find(preferences, uuid("b1111111-0000-4000-8000-000000000001")), equals: NotificationPreference(
        id: uuid("b1111111-0000-4000-8000-000000000001"), userID: user1, emailEnabled: false, pushEnabled: false,
        smsEnabled: true, crawlJobNotifications: false, paymentNotifications: false, systemNotifications: false,
        securityNotifications: false, digestFrequency: .weekly, quietHoursStart: TimeOfDay(hour: 22, minute: 30),
        quietHoursEnd: TimeOfDay(hour: 7, minute: 15, second: 30, microsecond: 250_000),
        channels: NotificationChannels(email: ["crawl_job", "payment"], push: [], sms: ["security"]),
        createdAt: at("1999-12-31 23:59:59.5+00"), updatedAt: at("2000-01-01 00:00:00.000001+00")), "preferences 1")
    if let preference = preferences.first(where: { $0.userID == user2 }) {
        run.expect(preference, equals: NotificationPreference(
            id: preference.id, userID: user2, emailEnabled: true, pushEnabled: true, smsEnabled: false,
            crawlJobNotifications: true, paymentNotifications: true, systemNotifications: true, securityNotifications: true,
            digestFrequency: .daily, createdAt: preference.createdAt, updatedAt: preference.updatedAt), "preferences 2")
    } else {
        run.expect(false, "preferences 2: no such row")
    }

    let metrics = run.roundTrip(UsageMetric.self, "usage_metrics")
    run.expect(metrics.count == 2, "usage_metrics: \(metrics.count) rows")
    run.expect(find(metrics, uuid("b1111111-1111-4000-8000-000000000001")), equals: UsageMetric(
        id: uuid("b1111111-1111-4000-8000-000000000001"), userID: user1, metricDate: CalendarDate(year: 2025, month: 11, day: 1),
        imagesProcessed: 1500, apiCalls: 42, storageUsedBytes: 9_007_199_254_740_993, crawlJobsCount: 3,
        creditsUsed: decimal("12.5"), createdAt: at("2025-11-02 00:00:00+00"), updatedAt: at("2025-11-02 00:00:00.1+00")),
        "usage metric 1")
    if let metric = find(metrics, uuid("b2222222-2222-4000-8000-000000000002")) {
        run.expect(metric, equals: UsageMetric(
            id: metric.id, userID: user2, metricDate: CalendarDate(year: 1999, month: 12, day: 31), imagesProcessed: 0,
            apiCalls: 0, storageUsedBytes: 0, crawlJobsCount: 0, creditsUsed: 0, createdAt: metric.createdAt,
            updatedAt: metric.updatedAt), "usage metric 2")
    }

    // User 3's rows, made by the insert structs: the least a client must give, and everything for some (protected
    // columns, which a client may not write, are not in them).
    run.write([NewProfile(id: user3, email: "new@example.com", fullName: "New \"user\"")], "profiles.new")
    run.write([
        NewProject(userID: user3, name: "Inserted with defaults"),
        NewProject(id: project3, userID: user3, name: "Inserted with values", description: "d", status: .archived,
                   settings: ProjectSettings(defaultMaxImages: 5), createdAt: at("2025-11-03 10:00:00.000123+00"),
                   updatedAt: at("2025-11-03 10:00:00.000456+00")),
    ], "projects.new")
    run.write([
        NewCrawlJob(projectID: project3, name: "Inserted job", keywords: ["a", "b c"], maxImages: 250,
                    config: CrawlJobConfig(searchEngines: ["bing"])),
    ], "crawl_jobs.new")
    run.write([NewNotification(userID: user3, title: "Hi", message: "There", metadata: ["k": 1, "l": ["x"]])], "notifications.new")
    run.write([
        NewAPIKey(userID: user3, name: "Inserted", keyHash: "hash-3", keyPrefix: "pk_new_", permissions: ["read", "write"],
                  expiresAt: at("2026-06-01 00:00:00.000789+00")),
    ], "api_keys.new")
    run.write([NewCreditAccount(id: account3, userID: user3)], "credit_accounts.new")
    run.write([
        NewCreditTransaction(accountID: account3, userID: user3, type: .bonus, description: "Welcome bonus",
                             amount: decimal("10.50"), balanceAfter: decimal("10.5"), metadata: ["source": "signup"]),
    ], "credit_transactions.new")
    run.write([
        NewNotificationPreference(userID: user3, digestFrequency: .never, quietHoursStart: TimeOfDay(hour: 23, minute: 0),
                                  channels: NotificationChannels(email: ["x"], push: [], sms: [])),
    ], "notification_preferences.new")
    run.write([
        NewUsageMetric(userID: user3, metricDate: CalendarDate(year: 2025, month: 11, day: 3), storageUsedBytes: .max),
    ], "usage_metrics.new")
} else if mode == "inserted" {
    /// A value the database filled in (a timestamp from now()) is recent.
    func recent(_ date: Date) -> Bool { abs(date.timeIntervalSinceNow) < 3_600 }

    let profile = run.rows(Profile.self, "profiles", suffix: ".after")?.first { $0.id == user3 }
    if let profile {
        run.expect(profile, equals: Profile(
            id: user3, email: "new@example.com", fullName: "New \"user\"", role: .user, onboardingCompleted: false,
            createdAt: profile.createdAt, updatedAt: profile.updatedAt), "inserted profile")
        run.expect(recent(profile.createdAt) && recent(profile.updatedAt), "inserted profile: timestamps \(profile.createdAt)")
    } else {
        run.expect(false, "inserted profile: no such row")
    }

    let projects = run.rows(Project.self, "projects", suffix: ".after")?.filter { $0.userID == user3 } ?? []
    run.expect(projects.count == 2, "inserted projects: \(projects.count)")
    if let project = projects.first(where: { $0.name == "Inserted with defaults" }) {
        run.expect(project, equals: Project(
            id: project.id, userID: user3, name: "Inserted with defaults", status: .active, settings: ProjectSettings(),
            createdAt: project.createdAt, updatedAt: project.updatedAt), "inserted project with defaults")
        run.expect(recent(project.createdAt) && project.id != project3, "inserted project: generated id and timestamps")
    }
    run.expect(projects.first { $0.id == project3 }, equals: Project(
        id: project3, userID: user3, name: "Inserted with values", description: "d", status: .archived,
        settings: ProjectSettings(defaultMaxImages: 5), createdAt: at("2025-11-03 10:00:00.000123+00"),
        updatedAt: at("2025-11-03 10:00:00.000456+00")), "inserted project with values")

    let job = run.rows(CrawlJob.self, "crawl_jobs", suffix: ".after")?.first { $0.projectID == project3 }
    if let job {
        run.expect(job, equals: CrawlJob(
            id: job.id, projectID: project3, name: "Inserted job", keywords: ["a", "b c"], maxImages: 250, status: .pending,
            progress: 0, totalImages: 0, downloadedImages: 0, validImages: 0, totalChunks: 0, activeChunks: 0,
            completedChunks: 0, failedChunks: 0, taskIDs: [], config: CrawlJobConfig(searchEngines: ["bing"]),
            createdAt: job.createdAt, updatedAt: job.updatedAt),
            "inserted crawl job")
    } else {
        run.expect(false, "inserted crawl job: no such row")
    }

    let notification = run.rows(Notification.self, "notifications", suffix: ".after")?.first { $0.userID == user3 }
    if let notification {
        run.expect(notification, equals: Notification(
            id: notification.id, userID: user3, type: .info, title: "Hi", message: "There", isRead: false,
            metadata: ["k": 1, "l": ["x"]], createdAt: notification.createdAt), "inserted notification")
    } else {
        run.expect(false, "inserted notification: no such row")
    }

    let key = run.rows(APIKey.self, "api_keys", suffix: ".after")?.first { $0.userID == user3 }
    if let key {
        run.expect(key, equals: APIKey(
            id: key.id, userID: user3, name: "Inserted", keyHash: "hash-3", keyPrefix: "pk_new_", status: .active,
            permissions: ["read", "write"], rateLimit: 1000, usageCount: 0, expiresAt: at("2026-06-01 00:00:00.000789+00"),
            createdAt: key.createdAt, updatedAt: key.updatedAt), "inserted API key")
    } else {
        run.expect(false, "inserted API key: no such row")
    }

    if let account = run.rows(CreditAccount.self, "credit_accounts", suffix: ".after")?.first(where: { $0.id == account3 }) {
        run.expect(account, equals: CreditAccount(
            id: account3, userID: user3, currentBalance: 0, monthlyUsage: 0, averageDailyUsage: 0, autoRefillEnabled: false,
            refillThreshold: 100, refillAmount: 500, monthlyLimit: 2000, createdAt: account.createdAt,
            updatedAt: account.updatedAt), "inserted credit account")
    } else {
        run.expect(false, "inserted credit account: no such row")
    }

    let transaction = run.rows(CreditTransaction.self, "credit_transactions", suffix: ".after")?.first { $0.userID == user3 }
    if let transaction {
        run.expect(transaction, equals: CreditTransaction(
            id: transaction.id, accountID: account3, userID: user3, type: .bonus, description: "Welcome bonus",
            amount: decimal("10.5"), balanceAfter: decimal("10.5"), status: .completed, metadata: ["source": "signup"],
            createdAt: transaction.createdAt), "inserted credit transaction")
    } else {
        run.expect(false, "inserted credit transaction: no such row")
    }

    let preference = run.rows(NotificationPreference.self, "notification_preferences", suffix: ".after")?.first { $0.userID == user3 }
    if let preference {
        run.expect(preference, equals: NotificationPreference(
            id: preference.id, userID: user3, emailEnabled: true, pushEnabled: true, smsEnabled: false,
            crawlJobNotifications: true, paymentNotifications: true, systemNotifications: true, securityNotifications: true,
            digestFrequency: .never, quietHoursStart: TimeOfDay(hour: 23, minute: 0),
            channels: NotificationChannels(email: ["x"], push: [], sms: []), createdAt: preference.createdAt,
            updatedAt: preference.updatedAt), "inserted notification preferences")
    } else {
        run.expect(false, "inserted notification preferences: no such row")
    }

    let metric = run.rows(UsageMetric.self, "usage_metrics", suffix: ".after")?.first { $0.userID == user3 }
    if let metric {
        run.expect(metric, equals: UsageMetric(
            id: metric.id, userID: user3, metricDate: CalendarDate(year: 2025, month: 11, day: 3), imagesProcessed: 0,
            apiCalls: 0, storageUsedBytes: .max, crawlJobsCount: 0, creditsUsed: 0, createdAt: metric.createdAt,
            updatedAt: metric.updatedAt), "inserted usage metric")
    } else {
        run.expect(false, "inserted usage metric: no such row")
    }
} else {
    run.expect(false, "usage: program decode|inserted DIRECTORY")
}

run.finish()
