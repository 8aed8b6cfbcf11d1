function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) {
  if (o1) out1 = out1.subarray ? out1.subarray(o1) : [].slice.call(out1, o1);
  if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
  if (o3) x2 = x2.subarray ? x2.subarray(o3) : [].slice.call(x2, o3);
  const r1 = 0;
  {
    let acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0;
    {
      let p1 = r1;
      for (const i2 = p1 + 3; p1 < i2;) {
        const v1 = x1[p1];
        const v2 = x2[p1];
        const v3 = x1[p1 + 3];
        const v4 = x2[p1 + 3];
        const v5 = x1[p1 + 6];
        const v6 = x2[p1 + 6];
        const v7 = x1[p1 + 9];
        const v8 = x2[p1 + 9];
        acc1 += v1 * v2;
        acc2 += v3 * v4;
        acc3 += v5 * v6;
        acc4 += v7 * v8;
        p1 += 1;
      }
    }
    out1[r1] = acc1;
    out1[r1 + 1] = acc2;
    out1[r1 + 2] = acc3;
    out1[r1 + 3] = acc4;
  }
  {
    let p2 = r1 + 4;
    let p3 = r1 + 12;
    let acc5 = 0, acc6 = 0;
    {
      let p4 = p3;
      for (const i4 = p4 + 3; p4 < i4;) {
        const v9 = x1[p4];
        const v10 = x2[p4];
        const v11 = x1[p4 + 3];
        const v12 = x2[p4 + 3];
        acc5 += v9 * v10;
        acc6 += v11 * v12;
        p4 += 1;
      }
    }
    out1[p2] = acc5;
    out1[p2 + 1] = acc6;
  }
}
