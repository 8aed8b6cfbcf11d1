function step1_tiled_4x4(out1, o1, x1, o2) {
  if (o1) out1 = out1.subarray ? out1.subarray(o1) : [].slice.call(out1, o1);
  if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
  const r1 = 0;
  let acc1 = 0;
  {
    let p1 = r1;
    for (const i1 = p1 + 20; p1 < i1;) {
      const v1 = x1[p1];
      acc1 += v1;
      p1 += 5;
    }
  }
  out1[r1] = acc1;
}
