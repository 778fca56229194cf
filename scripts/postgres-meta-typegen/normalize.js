// Prints a TypeScript file in one canonical layout: TypeScript's printer, string-literal keys that are identifiers
// written bare, redundant parentheses around array element types dropped, comments gone.
const ts = require(process.env.TYPESCRIPT_MODULE || 'typescript')
const fs = require('fs')
const text = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(l => !l.startsWith('//')).join('\n')
const source = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
const isIdent = (s) => ts.isIdentifierText(s, ts.ScriptTarget.ES5)
const transformer = (context) => (root) => {
  const visit = (node) => {
    node = ts.visitEachChild(node, visit, context)
    if ((ts.isPropertySignature(node) || ts.isPropertyAssignment(node)) && ts.isStringLiteral(node.name) && isIdent(node.name.text)) {
      const name = ts.factory.createIdentifier(node.name.text)
      return ts.isPropertySignature(node)
        ? ts.factory.updatePropertySignature(node, node.modifiers, name, node.questionToken, node.type)
        : ts.factory.updatePropertyAssignment(node, name, node.initializer)
    }
    if (ts.isArrayTypeNode(node) && ts.isParenthesizedTypeNode(node.elementType) && !ts.isUnionTypeNode(node.elementType.type)) {
      return ts.factory.updateArrayTypeNode(node, node.elementType.type)
    }
    if (ts.isStringLiteral(node)) return ts.factory.createStringLiteral(node.text)
    if (ts.isArrayLiteralExpression(node)) return ts.factory.createArrayLiteralExpression(node.elements, false)
    if (ts.isObjectLiteralExpression(node)) return ts.factory.createObjectLiteralExpression(node.properties, true)
    return node
  }
  return ts.visitNode(root, visit)
}
const result = ts.transform(source, [transformer])
const printer = ts.createPrinter({ removeComments: true })
// Layout left: whitespace collapsed, trailing commas dropped, then one line per member.
let flat = printer.printFile(result.transformed[0]).replace(/\s+/g, ' ').replace(/,?\s*([\]}])/g, ' $1')
flat = flat.replace(/([{;,])\s*/g, '$1\n').replace(/\s*}/g, '\n}')
process.stdout.write(flat + '\n')
