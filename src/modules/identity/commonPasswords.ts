/**
 * Passwords that appear at the top of every leaked-password list, including the ones common in China
 * (keyboard walks, lucky numbers, pinyin). Compared in lower case.
 */
const list = `123456 12345678 123456789 1234567890 12345 1234567 111111 11111111 000000 00000000 666666 66666666
888888 88888888 999999 99999999 123123 123123123 123321 654321 87654321 112233 121212 131313 147258 147258369
159357 159753 168168 520520 5201314 1314520 7758521 a123456 a12345678 a1234567 aa123456 aa12345678 abc123
abc12345 abc123456 abcd1234 abcd123456 a123456789 qwerty qwerty123 qwertyuiop qwe123 qwe123456 asdfgh asdf1234
asdfghjkl zxcvbnm zxcvbn 1qaz2wsx 1q2w3e4r 1q2w3e4r5t qazwsx qazwsxedc password password1 password123 passw0rd
p@ssw0rd p@ssword admin admin123 admin888 admin1234 administrator root root123 toor test test123 test1234
guest welcome welcome1 iloveyou woaini woaini1314 woaini520 wangyang zhang123 li123456 wang123456 huawei
xiaomi baidu tencent qq123456 taobao 12qwaszx 123qwe 123qweasd 123abc 123456a 123456aa 12345678a 1234qwer
qweasd qweasdzxc zaq12wsx iloveyou1 sunshine princess dragon monkey football baseball letmein master
superman trustno1 shadow michael computer 88888888a 11223344 147852369 741852963 963852741 321321 789456
789456123 456789 456123 520131 1314521 5211314 aaaaaa aaaaaaaa aaa111 a1b2c3 a1b2c3d4 changeme secret
rongzhi rongzhi123 handan handan123 laobing veteran veteran123 junren bayi81 zhongguo china123`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean));
