import { grad } from '../../src/derive.js';
const [src, of, wrt] = process.argv.slice(2);
const d = grad(src!.replace(/\\n/g, '\n'), of!, wrt!);
console.log(d.toString());
console.log(d.toMatrix({ layout: 'denominator' }).text);
