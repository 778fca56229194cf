import Foundation

/// Derives every target's names from database names, once: words, cases, acronyms, singular forms.
package struct Naming: Sendable {
    /// Acronyms kept upper-case in PascalCase names, keyed by their lower-case spelling.
    private let acronyms: [String: String]

    package init(acronyms: [String]) {
        var table: [String: String] = [:]
        for acronym in acronyms where !acronym.isEmpty {
            table[acronym.lowercased()] = acronym
        }
        self.acronyms = table
    }

    /// Text that Python reads as the same identifier it is written as: letters and digits of any script are kept
    /// (PEP 3131), anything else becomes `_`, and so does a character Python would change by NFKC normalisation
    /// (`ﬁ` reads as `fi`), since names in strings such as `back_populates` are not normalised.
    package static func pythonIdentifierText(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return String(text.unicodeScalars.map { scalar -> Character in
                let isWordScalar = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                return isWordScalar || scalar == "_" ? Character(scalar) : "_"
            })
        }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let kept = scalar.properties.isXIDContinue
                && String(scalar).precomposedStringWithCompatibilityMapping.unicodeScalars.elementsEqual(CollectionOfOne(scalar))
            result.append(kept ? scalar : "_")
        }
        // The first character must also be able to start an identifier.
        if let first = result.first, !first.properties.isXIDStart, first != "_" {
            return "_" + String(result)
        }
        return String(result)
    }

    /// Splits a name into lower-case words at underscores, dashes, spaces, punctuation and case changes
    /// (`APIKey` → `api`, `key`).
    package static func words(_ name: String) -> [String] {
        name.utf8.allSatisfy({ $0 < 0x80 }) ? asciiWords(name) : unicodeWords(name)
    }

    /// `words` for any name, by Characters.
    static func unicodeWords(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previous: Character?
        let characters = Array(name)
        for (offset, character) in characters.enumerated() {
            if character.isLetter || character.isNumber {
                if let prev = previous, !current.isEmpty {
                    let next = offset + 1 < characters.count ? characters[offset + 1] : nil
                    let boundary = (prev.isLowercase && character.isUppercase)
                        || (prev.isNumber && character.isLetter && character.isUppercase)
                        || (prev.isUppercase && character.isUppercase && next?.isLowercase == true)
                    if boundary {
                        words.append(current)
                        current = ""
                    }
                }
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
            previous = character
        }
        if !current.isEmpty { words.append(current) }
        return words.map { $0.lowercased() }
    }

    /// `words` for an ASCII name, on bytes: the same splitting without Unicode property lookups, which made
    /// `words` the validator's hottest function (it runs for every name several times).
    static func asciiWords(_ name: String) -> [String] {
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        let bytes = Array(name.utf8)
        var words: [String] = []
        var current: [UInt8] = []
        var previous: UInt8?
        for (offset, byte) in bytes.enumerated() {
            let isLetter = isUpper(byte) || isLower(byte)
            if isLetter || isDigit(byte) {
                if let prev = previous, !current.isEmpty {
                    let next = offset + 1 < bytes.count ? bytes[offset + 1] : nil
                    let boundary = (isLower(prev) && isUpper(byte))
                        || (isDigit(prev) && isUpper(byte))
                        || (isUpper(prev) && isUpper(byte) && next.map(isLower) == true)
                    if boundary {
                        words.append(String(decoding: current, as: UTF8.self))
                        current.removeAll(keepingCapacity: true)
                    }
                }
                current.append(isUpper(byte) ? byte + 0x20 : byte)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
            previous = byte
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// `api_keys` → `APIKeys` (acronyms upper-case).
    package func pascal(_ words: [String]) -> String {
        words.map(capitalizeWithAcronym).joined()
    }

    /// `api_keys` → `apiKeys`; later words capitalised, acronyms upper-case only when `acronymsInMembers`.
    package func camel(_ words: [String], acronymsInMembers: Bool) -> String {
        guard let first = words.first else { return "" }
        let rest = words.dropFirst().map { acronymsInMembers ? capitalizeWithAcronym($0) : Naming.capitalize($0) }
        return ([first] + rest).joined()
    }

    /// PascalCase singular type name for a table: `usage_metrics` → `UsageMetric`.
    package func typeName(forTable name: String) -> String {
        var parts = Naming.words(name)
        if let last = parts.last { parts[parts.count - 1] = Inflector.singular(last) }
        return pascal(parts)
    }

    private func capitalizeWithAcronym(_ word: String) -> String {
        if let acronym = acronyms[word] { return acronym }
        // Plural acronyms: `ids` → `IDs`, `apis` → `APIs`.
        if word.hasSuffix("s"), let acronym = acronyms[String(word.dropLast())] { return acronym + "s" }
        return Naming.capitalize(word)
    }

    package static func capitalize(_ word: String) -> String {
        guard let first = word.first else { return word }
        return first.uppercased() + word.dropFirst()
    }
}

/// English singular forms for table names.
package enum Inflector {
    private static let irregular: [String: String] = [
        "people": "person", "children": "child", "men": "man", "women": "woman", "mice": "mouse",
        "geese": "goose", "teeth": "tooth", "feet": "foot", "indices": "index", "matrices": "matrix",
        "vertices": "vertex", "criteria": "criterion", "phenomena": "phenomenon", "analyses": "analysis",
        "statuses": "status", "aliases": "alias", "buses": "bus", "quizzes": "quiz", "movies": "movie",
        "cookies": "cookie", "series": "series", "species": "species", "news": "news",
    ]
    private static let uncountable: Set<String> = [
        "data", "metadata", "information", "equipment", "media", "feedback", "settings_data", "staff", "sheep", "fish",
    ]

    /// The singular of one lower-case word.
    package static func singular(_ word: String) -> String {
        if let known = irregular[word] { return known }
        if uncountable.contains(word) { return word }
        if word.count <= 2 { return word }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        if word.hasSuffix("sses") || word.hasSuffix("shes") || word.hasSuffix("ches") || word.hasSuffix("xes")
            || word.hasSuffix("zzes") {
            return String(word.dropLast(2))
        }
        if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") { return word }
        if word.hasSuffix("s") { return String(word.dropLast()) }
        return word
    }
}
