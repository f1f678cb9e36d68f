"""The four routes of 附件1 二: 正常申报, 转（兼）评, 高技能人才, 破格. One module each."""
