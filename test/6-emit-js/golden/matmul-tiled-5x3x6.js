function step1_tiled_4x4(out1, o1, x1, o2, x2, o3) {
  {
    {
      let acc1 = 0, acc2 = 0, acc3 = 0, acc4 = 0, acc5 = 0, acc6 = 0, acc7 = 0, acc8 = 0, acc9 = 0, acc10 = 0, acc11 = 0, acc12 = 0, acc13 = 0, acc14 = 0, acc15 = 0, acc16 = 0;
      {
        let p1 = o2;
        let p2 = o3;
        for (let i3 = 0; i3 < 3; i3 += 1) {
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
      out1[o1] = acc1;
      out1[o1 + 1] = acc2;
      out1[o1 + 2] = acc3;
      out1[o1 + 3] = acc4;
      out1[o1 + 6] = acc5;
      out1[o1 + 7] = acc6;
      out1[o1 + 8] = acc7;
      out1[o1 + 9] = acc8;
      out1[o1 + 12] = acc9;
      out1[o1 + 13] = acc10;
      out1[o1 + 14] = acc11;
      out1[o1 + 15] = acc12;
      out1[o1 + 18] = acc13;
      out1[o1 + 19] = acc14;
      out1[o1 + 20] = acc15;
      out1[o1 + 21] = acc16;
    }
    {
      let p3 = o1 + 4;
      let p4 = o2;
      let p5 = o3 + 4;
      let acc17 = 0, acc18 = 0, acc19 = 0, acc20 = 0, acc21 = 0, acc22 = 0, acc23 = 0, acc24 = 0;
      {
        let p6 = p4;
        let p7 = p5;
        for (let i5 = 0; i5 < 3; i5 += 1) {
          const v9 = x1[p6];
          const v10 = x2[p7];
          const v11 = x2[p7 + 1];
          const v12 = x1[p6 + 3];
          const v13 = x1[p6 + 6];
          const v14 = x1[p6 + 9];
          acc17 += v9 * v10;
          acc18 += v9 * v11;
          acc19 += v12 * v10;
          acc20 += v12 * v11;
          acc21 += v13 * v10;
          acc22 += v13 * v11;
          acc23 += v14 * v10;
          acc24 += v14 * v11;
          p6 += 1;
          p7 += 6;
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
    let p8 = o1 + 24;
    let p9 = o2 + 12;
    let p10 = o3;
    {
      let acc25 = 0, acc26 = 0, acc27 = 0, acc28 = 0;
      {
        let p11 = p9;
        let p12 = p10;
        for (let i8 = 0; i8 < 3; i8 += 1) {
          const v15 = x1[p11];
          const v16 = x2[p12];
          const v17 = x2[p12 + 1];
          const v18 = x2[p12 + 2];
          const v19 = x2[p12 + 3];
          acc25 += v15 * v16;
          acc26 += v15 * v17;
          acc27 += v15 * v18;
          acc28 += v15 * v19;
          p11 += 1;
          p12 += 6;
        }
      }
      out1[p8] = acc25;
      out1[p8 + 1] = acc26;
      out1[p8 + 2] = acc27;
      out1[p8 + 3] = acc28;
    }
    {
      let p13 = p8 + 4;
      let p14 = p9;
      let p15 = p10 + 4;
      let acc29 = 0, acc30 = 0;
      {
        let p16 = p14;
        let p17 = p15;
        for (let i10 = 0; i10 < 3; i10 += 1) {
          const v20 = x1[p16];
          const v21 = x2[p17];
          const v22 = x2[p17 + 1];
          acc29 += v20 * v21;
          acc30 += v20 * v22;
          p16 += 1;
          p17 += 6;
        }
      }
      out1[p13] = acc29;
      out1[p13 + 1] = acc30;
    }
  }
}
