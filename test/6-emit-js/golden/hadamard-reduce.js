function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) {
  {
    let acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0;
    {
      let p1 = o2;
      let p2 = o3;
      for (let i2 = 0; i2 < 3; i2 += 1) {
        const v1 = x1[p1];
        const v2 = x2[p2];
        const v3 = x1[p1 + 3];
        const v4 = x2[p2 + 3];
        const v5 = x1[p1 + 6];
        const v6 = x2[p2 + 6];
        const v7 = x1[p1 + 9];
        const v8 = x2[p2 + 9];
        acc1 += v1 * v2;
        acc2 += v3 * v4;
        acc3 += v5 * v6;
        acc4 += v7 * v8;
        p1 += 1;
        p2 += 1;
      }
    }
    out1[o1] = acc1;
    out1[o1 + 1] = acc2;
    out1[o1 + 2] = acc3;
    out1[o1 + 3] = acc4;
  }
  {
    let p3 = o1 + 4;
    let p4 = o2 + 12;
    let p5 = o3 + 12;
    let acc5 = 0, acc6 = 0;
    {
      let p6 = p4;
      let p7 = p5;
      for (let i4 = 0; i4 < 3; i4 += 1) {
        const v9 = x1[p6];
        const v10 = x2[p7];
        const v11 = x1[p6 + 3];
        const v12 = x2[p7 + 3];
        acc5 += v9 * v10;
        acc6 += v11 * v12;
        p6 += 1;
        p7 += 1;
      }
    }
    out1[p3] = acc5;
    out1[p3 + 1] = acc6;
  }
}
