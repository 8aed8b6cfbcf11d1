function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) {
  if (o1) out1 = out1.subarray ? out1.subarray(o1) : [].slice.call(out1, o1);
  if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
  if (o3) x2 = x2.subarray ? x2.subarray(o3) : [].slice.call(x2, o3);
  const r1 = 0;
  {
    {
      let acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0, acc5 = 0, acc6 = 0, acc7 = 0, acc8 = 0, acc9 = 0, acc10 = 0, acc11 = 0, acc12 = 0;
      {
        let p1 = r1;
        let p2 = r1;
        for (const i3 = p1 + 10; p1 < i3;) {
          const v1 = x2[p1];
          const v2 = x1[p2];
          const v3 = x1[p2 + 2];
          const v4 = x1[p2 + 4];
          const v5 = x2[p1 + 1];
          const v6 = x2[p1 + 2];
          const v7 = x2[p1 + 3];
          acc1 += v1 * v2;
          acc2 += v1 * v3;
          acc3 += v1 * v4;
          acc4 += v5 * v2;
          acc5 += v5 * v3;
          acc6 += v5 * v4;
          acc7 += v6 * v2;
          acc8 += v6 * v3;
          acc9 += v6 * v4;
          acc10 += v7 * v2;
          acc11 += v7 * v3;
          acc12 += v7 * v4;
          p1 += 5;
          p2 += 1;
        }
      }
      out1[r1] = acc1;
      out1[r1 + 1] = acc2;
      out1[r1 + 2] = acc3;
      out1[r1 + 3] = acc4;
      out1[r1 + 4] = acc5;
      out1[r1 + 5] = acc6;
      out1[r1 + 6] = acc7;
      out1[r1 + 7] = acc8;
      out1[r1 + 8] = acc9;
      out1[r1 + 9] = acc10;
      out1[r1 + 10] = acc11;
      out1[r1 + 11] = acc12;
    }
  }
  {
    let p3 = r1 + 12;
    let p4 = r1 + 4;
    let p5 = r1;
    {
      let acc13 = 0, acc14 = 0, acc15 = 0;
      {
        let p6 = p4;
        let p7 = p5;
        for (const i6 = p6 + 10; p6 < i6;) {
          const v8 = x2[p6];
          const v9 = x1[p7];
          const v10 = x1[p7 + 2];
          const v11 = x1[p7 + 4];
          acc13 += v8 * v9;
          acc14 += v8 * v10;
          acc15 += v8 * v11;
          p6 += 5;
          p7 += 1;
        }
      }
      out1[p3] = acc13;
      out1[p3 + 1] = acc14;
      out1[p3 + 2] = acc15;
    }
  }
}
