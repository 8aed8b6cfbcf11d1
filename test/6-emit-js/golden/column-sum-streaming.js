function step1_streaming_4(out1, o1, x1, o2) {
  out1.fill(0, o1, o1 + 7);
  {
    {
      let acc1 = out1[o1], acc2 = out1[o1 + 1], acc3 = out1[o1 + 2], acc4 = out1[o1 + 3];
      {
        let p1 = o2;
        for (let i3 = 0; i3 < 4; i3 += 1) {
          const v1 = x1[p1];
          const v2 = x1[p1 + 1];
          const v3 = x1[p1 + 2];
          const v4 = x1[p1 + 3];
          acc1 += v1;
          acc2 += v2;
          acc3 += v3;
          acc4 += v4;
          p1 += 7;
        }
      }
      out1[o1] = acc1;
      out1[o1 + 1] = acc2;
      out1[o1 + 2] = acc3;
      out1[o1 + 3] = acc4;
    }
    {
      let p2 = o1 + 4;
      let p3 = o2 + 4;
      let acc5 = out1[p2], acc6 = out1[p2 + 1], acc7 = out1[p2 + 2];
      {
        let p4 = p3;
        for (let i5 = 0; i5 < 4; i5 += 1) {
          const v5 = x1[p4];
          const v6 = x1[p4 + 1];
          const v7 = x1[p4 + 2];
          acc5 += v5;
          acc6 += v6;
          acc7 += v7;
          p4 += 7;
        }
      }
      out1[p2] = acc5;
      out1[p2 + 1] = acc6;
      out1[p2 + 2] = acc7;
    }
  }
  {
    let p5 = o1;
    let p6 = o2 + 28;
    {
      let acc8 = out1[p5], acc9 = out1[p5 + 1], acc10 = out1[p5 + 2], acc11 = out1[p5 + 3];
      {
        let p7 = p6;
        for (let i8 = 0; i8 < 2; i8 += 1) {
          const v8 = x1[p7];
          const v9 = x1[p7 + 1];
          const v10 = x1[p7 + 2];
          const v11 = x1[p7 + 3];
          acc8 += v8;
          acc9 += v9;
          acc10 += v10;
          acc11 += v11;
          p7 += 7;
        }
      }
      out1[p5] = acc8;
      out1[p5 + 1] = acc9;
      out1[p5 + 2] = acc10;
      out1[p5 + 3] = acc11;
    }
    {
      let p8 = p5 + 4;
      let p9 = p6 + 4;
      let acc12 = out1[p8], acc13 = out1[p8 + 1], acc14 = out1[p8 + 2];
      {
        let p10 = p9;
        for (let i10 = 0; i10 < 2; i10 += 1) {
          const v12 = x1[p10];
          const v13 = x1[p10 + 1];
          const v14 = x1[p10 + 2];
          acc12 += v12;
          acc13 += v13;
          acc14 += v14;
          p10 += 7;
        }
      }
      out1[p8] = acc12;
      out1[p8 + 1] = acc13;
      out1[p8 + 2] = acc14;
    }
  }
}
