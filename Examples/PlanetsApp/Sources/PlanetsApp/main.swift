import Foundation

// A row as PostgREST (Supabase) returns it: snake_case columns, an enum label, a JSON shape, a timestamptz.
let json = Data("""
{
  "id": "6f1c1c2e-3b7a-4f43-9d39-1d4a3c0c2b11",
  "name": "Saturn",
  "kind": "gas_giant",
  "moons": 146,
  "has_rings": true,
  "mass_kg": 568340000000000000000000000,
  "atmosphere": { "gases": ["hydrogen", "helium"], "surface_pressure_bar": null },
  "discovered_at": null
}
""".utf8)

do {
    // Planet, PlanetKind, Atmosphere and SchemaCoding come from schema.yaml through SchemaGenPlugin.
    let planet = try SchemaCoding.makeDecoder().decode(Planet.self, from: json)
    let kind: PlanetKind = planet.kind
    print("\(planet.name): \(kind.rawValue), \(planet.moons) moons, rings: \(planet.hasRings)")
    print("mass: \(planet.massKg.map { "\($0)" } ?? "unknown") kg")
    print("atmosphere: \(planet.atmosphere?.gases.joined(separator: ", ") ?? "none")")
    print("column of hasRings: \(Planet.CodingKeys.hasRings.rawValue)")
} catch {
    print("cannot decode the row: \(error)")
    exit(1)
}
