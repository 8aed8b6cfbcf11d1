function step1_packed_2x4_kc4(out1, o1, x1, o2, x2, o3, pack1, o4) {
  if (o1) out1 = out1.subarray ? out1.subarray(o1) : [].slice.call(out1, o1);
  if (o2) x1 = x1.subarray ? x1.subarray(o2) : [].slice.call(x1, o2);
  if (o3) x2 = x2.subarray ? x2.subarray(o3) : [].slice.call(x2, o3);
  const r1 = 0;
  out1.fill(0, r1, r1 + 42);
  {
    {
      {
        {
          let p1 = r1;
          let p2 = o4;
          for (const i4 = p1 + 28; p1 < i4;) {
            pack1[p2] = x2[p1];
            pack1[p2 + 1] = x2[p1 + 1];
            pack1[p2 + 2] = x2[p1 + 2];
            pack1[p2 + 3] = x2[p1 + 3];
            p1 += 7;
            p2 += 4;
          }
        }
      }
      {
        let p3 = r1 + 4;
        let p4 = o4 + 16;
        {
          let p5 = p3;
          let p6 = p4;
          for (const i6 = p5 + 28; p5 < i6;) {
            pack1[p6] = x2[p5];
            pack1[p6 + 1] = x2[p5 + 1];
            pack1[p6 + 2] = x2[p5 + 2];
            p5 += 7;
            p6 += 3;
          }
        }
      }
      {
        let p7 = r1;
        let p8 = r1;
        for (const i7 = p7 + 42; p7 < i7;) {
          {
            let p9 = o4 + 28;
            {
              let p10 = p8;
              let p11 = p9;
              for (const i9 = p10 + 4; p10 < i9;) {
                pack1[p11] = x1[p10];
                pack1[p11 + 1] = x1[p10 + 5];
                p10 += 1;
                p11 += 2;
              }
            }
            {
              let acc1 = out1[p7], acc2 = out1[p7 + 1], acc3 = out1[p7 + 2], acc4 = out1[p7 + 3], acc5 = out1[p7 + 7], acc6 = out1[p7 + 8], acc7 = out1[p7 + 9], acc8 = out1[p7 + 10];
              {
                let p12 = p9;
                let p13 = o4;
                for (const i11 = p12 + 8; p12 < i11;) {
                  const v1 = pack1[p12];
                  const v2 = pack1[p13];
                  const v3 = pack1[p13 + 1];
                  const v4 = pack1[p13 + 2];
                  const v5 = pack1[p13 + 3];
                  const v6 = pack1[p12 + 1];
                  acc1 += v1 * v2;
                  acc2 += v1 * v3;
                  acc3 += v1 * v4;
                  acc4 += v1 * v5;
                  acc5 += v6 * v2;
                  acc6 += v6 * v3;
                  acc7 += v6 * v4;
                  acc8 += v6 * v5;
                  p12 += 2;
                  p13 += 4;
                }
              }
              out1[p7] = acc1;
              out1[p7 + 1] = acc2;
              out1[p7 + 2] = acc3;
              out1[p7 + 3] = acc4;
              out1[p7 + 7] = acc5;
              out1[p7 + 8] = acc6;
              out1[p7 + 9] = acc7;
              out1[p7 + 10] = acc8;
            }
            {
              let p14 = p7 + 4;
              let p15 = o4 + 16;
              let acc9 = out1[p14], acc10 = out1[p14 + 1], acc11 = out1[p14 + 2], acc12 = out1[p14 + 7], acc13 = out1[p14 + 8], acc14 = out1[p14 + 9];
              {
                let p16 = p9;
                let p17 = p15;
                for (const i13 = p16 + 8; p16 < i13;) {
                  const v7 = pack1[p16];
                  const v8 = pack1[p17];
                  const v9 = pack1[p17 + 1];
                  const v10 = pack1[p17 + 2];
                  const v11 = pack1[p16 + 1];
                  acc9 += v7 * v8;
                  acc10 += v7 * v9;
                  acc11 += v7 * v10;
                  acc12 += v11 * v8;
                  acc13 += v11 * v9;
                  acc14 += v11 * v10;
                  p16 += 2;
                  p17 += 3;
                }
              }
              out1[p14] = acc9;
              out1[p14 + 1] = acc10;
              out1[p14 + 2] = acc11;
              out1[p14 + 7] = acc12;
              out1[p14 + 8] = acc13;
              out1[p14 + 9] = acc14;
            }
          }
          p7 += 14;
          p8 += 10;
        }
      }
    }
  }
  {
    let p18 = r1 + 4;
    let p19 = r1 + 28;
    {
      {
        {
          pack1[o4] = x2[p19];
          pack1[o4 + 1] = x2[p19 + 1];
          pack1[o4 + 2] = x2[p19 + 2];
          pack1[o4 + 3] = x2[p19 + 3];
        }
      }
      {
        let p20 = p19 + 4;
        let p21 = o4 + 4;
        {
          pack1[p21] = x2[p20];
          pack1[p21 + 1] = x2[p20 + 1];
          pack1[p21 + 2] = x2[p20 + 2];
        }
      }
      {
        let p22 = r1;
        let p23 = p18;
        for (const i20 = p22 + 42; p22 < i20;) {
          {
            let p24 = o4 + 28;
            {
              pack1[p24] = x1[p23];
              pack1[p24 + 1] = x1[p23 + 5];
            }
            {
              let acc15 = out1[p22], acc16 = out1[p22 + 1], acc17 = out1[p22 + 2], acc18 = out1[p22 + 3], acc19 = out1[p22 + 7], acc20 = out1[p22 + 8], acc21 = out1[p22 + 9], acc22 = out1[p22 + 10];
              {
                const v12 = pack1[p24];
                const v13 = pack1[o4];
                const v14 = pack1[o4 + 1];
                const v15 = pack1[o4 + 2];
                const v16 = pack1[o4 + 3];
                const v17 = pack1[p24 + 1];
                acc15 += v12 * v13;
                acc16 += v12 * v14;
                acc17 += v12 * v15;
                acc18 += v12 * v16;
                acc19 += v17 * v13;
                acc20 += v17 * v14;
                acc21 += v17 * v15;
                acc22 += v17 * v16;
              }
              out1[p22] = acc15;
              out1[p22 + 1] = acc16;
              out1[p22 + 2] = acc17;
              out1[p22 + 3] = acc18;
              out1[p22 + 7] = acc19;
              out1[p22 + 8] = acc20;
              out1[p22 + 9] = acc21;
              out1[p22 + 10] = acc22;
            }
            {
              let p25 = p22 + 4;
              let p26 = o4 + 4;
              let acc23 = out1[p25], acc24 = out1[p25 + 1], acc25 = out1[p25 + 2], acc26 = out1[p25 + 7], acc27 = out1[p25 + 8], acc28 = out1[p25 + 9];
              {
                const v18 = pack1[p24];
                const v19 = pack1[p26];
                const v20 = pack1[p26 + 1];
                const v21 = pack1[p26 + 2];
                const v22 = pack1[p24 + 1];
                acc23 += v18 * v19;
                acc24 += v18 * v20;
                acc25 += v18 * v21;
                acc26 += v22 * v19;
                acc27 += v22 * v20;
                acc28 += v22 * v21;
              }
              out1[p25] = acc23;
              out1[p25 + 1] = acc24;
              out1[p25 + 2] = acc25;
              out1[p25 + 7] = acc26;
              out1[p25 + 8] = acc27;
              out1[p25 + 9] = acc28;
            }
          }
          p22 += 14;
          p23 += 10;
        }
      }
    }
  }
}
