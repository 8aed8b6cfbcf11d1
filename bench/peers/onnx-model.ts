/**
 * A one-node ONNX model — `output = Einsum[equation](t0, t1, …)` — written as protobuf bytes by
 * hand, so onnxruntime-web can run an einsum without a model file or an ONNX library. Only the
 * fields onnxruntime reads are written (onnx.proto3 field numbers in the comments).
 */

/** ONNX TensorProto.DataType codes of the two element types the bench runs. */
export const onnxElementType = { float32: 1, float64: 11 } as const;
export type OnnxDType = keyof typeof onnxElementType;

const irVersion = 8;
/** Einsum exists since opset 12; 17 is supported by every onnxruntime-web 1.x release the bench pins. */
const opsetVersion = 17;

export function einsumModel(equation: string, shapes: readonly (readonly number[])[], outputShape: readonly number[], dtype: OnnxDType): Uint8Array {
  const inputs = shapes.map((shape, k) => valueInfo(`t${k}`, shape, dtype));
  const node = message([
    ...shapes.map((_, k) => stringField(1, `t${k}`)), // NodeProto.input
    stringField(2, 'out'), // NodeProto.output
    stringField(4, 'Einsum'), // NodeProto.op_type
    bytesField(5, message([stringField(1, 'equation'), varintField(20, 3), bytesField(4, utf8(equation))])), // AttributeProto name, type=STRING, s
  ]);
  const graph = message([
    bytesField(1, node), // GraphProto.node
    stringField(2, 'einsum'), // GraphProto.name
    ...inputs.map((i) => bytesField(11, i)), // GraphProto.input
    bytesField(12, valueInfo('out', outputShape, dtype)), // GraphProto.output
  ]);
  return message([
    varintField(1, irVersion), // ModelProto.ir_version
    stringField(2, 'ricci-bench'), // ModelProto.producer_name
    bytesField(7, graph), // ModelProto.graph
    bytesField(8, message([stringField(1, ''), varintField(2, opsetVersion)])), // ModelProto.opset_import
  ]);
}

/** ValueInfoProto { name, type: TypeProto { tensor_type: { elem_type, shape: { dim: [{ dim_value }] } } } }. */
function valueInfo(name: string, shape: readonly number[], dtype: OnnxDType): Uint8Array {
  const dims = shape.map((d) => bytesField(1, message([varintField(1, d)])));
  const tensorType = message([varintField(1, onnxElementType[dtype]), bytesField(2, message(dims))]);
  return message([stringField(1, name), bytesField(2, message([bytesField(1, tensorType)]))]);
}

function varint(n: number): number[] {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint of ${n}`);
  const out: number[] = [];
  let rest = n;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
  return out;
}

const tag = (field: number, wireType: 0 | 2): number[] => varint(field * 8 + wireType);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const varintField = (field: number, value: number): Uint8Array => Uint8Array.from([...tag(field, 0), ...varint(value)]);
const bytesField = (field: number, bytes: Uint8Array): Uint8Array => concat([Uint8Array.from([...tag(field, 2), ...varint(bytes.length)]), bytes]);
const stringField = (field: number, s: string): Uint8Array => bytesField(field, utf8(s));
const message = (fields: readonly Uint8Array[]): Uint8Array => concat(fields);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
