// The part of js-yaml the scan uses (src/parsers/yaml-fast.ts): its event parser and scalar
// decoder, bundled alone into dist/vendor/js-yaml.cjs (scripts/bundle.mjs) so that a scanning
// thread compiles neither its loader nor its dumper.
export { parseEvents, getScalarValue } from 'js-yaml';
