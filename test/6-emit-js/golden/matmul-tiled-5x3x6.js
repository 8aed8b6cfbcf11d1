function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) {
  if (o1) out1 = out1.subarray ? out1.subarray(o1) : [].slice.call(out1, o1);
  if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
  if (o3) x2 = x2.subarray ? x2.subarray(o3) : [].slice.call(x2, o3);
  const r1 = 0;
  {
    {
      let acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0, acc5 = 0, acc6 = 0, acc7 = 0, acc8 = 0, acc9 = 0, acc10 = 0, acc11 = 0, acc12 = 0, acc13 = 0, acc14 = 0, acc15 = 0, acc16 = 0;
      {
        let p1 = r1;
        let p2 = r1;
        for (const i3 = p1 + 3; p1 < i3;) {
          const v1 = x1[p1];
          const v2 = x2[p2];
          const v3 = x2[p2 + 1];
          const v4 = x2[p2 + 2];
          const v5 = x2[p2 + 3];
          const v6 = x1[p1 + 3];
          const v7 = x1[p1 + 6];
          const v8 = x1[p1 + 9];
          acc1 += v1 * v2;
          acc2 += v1 * v3;
          acc3 += v1 * v4;
          acc4 += v1 * v5;
          acc5 += v6 * v2;
          acc6 += v6 * v3;
          acc7 += v6 * v4;
          acc8 += v6 * v5;
          acc9 += v7 * v2;
          acc10 += v7 * v3;
          acc11 += v7 * v4;
          acc12 += v7 * v5;
          acc13 += v8 * v2;
          acc14 += v8 * v3;
          acc15 += v8 * v4;
          acc16 += v8 * v5;
          p1 += 1;
          p2 += 6;
        }
      }
      out1[r1] = acc1;
      out1[r1 + 1] = acc2;
      out1[r1 + 2] = acc3;
      out1[r1 + 3] = acc4;
      out1[r1 + 6] = acc5;
      out1[r1 + 7] = acc6;
      out1[r1 + 8] = acc7;
      out1[r1 + 9] = acc8;
      out1[r1 + 12] = acc9;
      out1[r1 + 13] = acc10;
      out1[r1 + 14] = acc11;
      out1[r1 + 15] = acc12;
      out1[r1 + 18] = acc13;
      out1[r1 + 19] = acc14;
      out1[r1 + 20] = acc15;
      out1[r1 + 21] = acc16;
    }
    {
      let p3 = r1 + 4;
      let p4 = r1;
      let acc17 = 0, acc18 = 0, acc19 = 0, acc20 = 0, acc21 = 0, acc22 = 0, acc23 = 0, acc24 = 0;
      {
        let p5 = p4;
        let p6 = p3;
        for (const i5 = p5 + 3; p5 < i5;) {
          const v9 = x1[p5];
          const v10 = x2[p6];
          const v11 = x2[p6 + 1];
          const v12 = x1[p5 + 3];
          const v13 = x1[p5 + 6];
          const v14 = x1[p5 + 9];
          acc17 += v9 * v10;
          acc18 += v9 * v11;
          acc19 += v12 * v10;
          acc20 += v12 * v11;
          acc21 += v13 * v10;
          acc22 += v13 * v11;
          acc23 += v14 * v10;
          acc24 += v14 * v11;
          p5 += 1;
          p6 += 6;
        }
      }
      out1[p3] = acc17;
      out1[p3 + 1] = acc18;
      out1[p3 + 6] = acc19;
      out1[p3 + 7] = acc20;
      out1[p3 + 12] = acc21;
      out1[p3 + 13] = acc22;
      out1[p3 + 18] = acc23;
      out1[p3 + 19] = acc24;
    }
  }
  {
    let p7 = r1 + 24;
    let p8 = r1 + 12;
    let p9 = r1;
    {
      let acc25 = 0, acc26 = 0, acc27 = 0, acc28 = 0;
      {
        let p10 = p8;
        let p11 = p9;
        for (const i8 = p10 + 3; p10 < i8;) {
          const v15 = x1[p10];
          const v16 = x2[p11];
          const v17 = x2[p11 + 1];
          const v18 = x2[p11 + 2];
          const v19 = x2[p11 + 3];
          acc25 += v15 * v16;
          acc26 += v15 * v17;
          acc27 += v15 * v18;
          acc28 += v15 * v19;
          p10 += 1;
          p11 += 6;
        }
      }
      out1[p7] = acc25;
      out1[p7 + 1] = acc26;
      out1[p7 + 2] = acc27;
      out1[p7 + 3] = acc28;
    }
    {
      let p12 = p7 + 4;
      let p13 = p8;
      let p14 = p9 + 4;
      let acc29 = 0, acc30 = 0;
      {
        let p15 = p13;
        let p16 = p14;
        for (const i10 = p15 + 3; p15 < i10;) {
          const v20 = x1[p15];
          const v21 = x2[p16];
          const v22 = x2[p16 + 1];
          acc29 += v20 * v21;
          acc30 += v20 * v22;
          p15 += 1;
          p16 += 6;
        }
      }
      out1[p12] = acc29;
      out1[p12 + 1] = acc30;
    }
  }
}
