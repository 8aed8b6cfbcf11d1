function step1_tiled_4x4(out1, o1, x1, o2) {
  let acc1 = 0;
  {
    let p1 = o2;
    for (let i1 = 0; i1 < 4; i1 += 1) {
      const v1 = x1[p1];
      acc1 += v1;
      p1 += 5;
    }
  }
  out1[o1] = acc1;
}
