// The most common passwords (international lists and Vietnamese favourites). A password is
// refused if, lower-cased and stripped of digits and symbols at either end, it is one of these.
export const COMMON_PASSWORDS = new Set(
  `123456 123456789 12345678 1234567890 password qwerty 111111 123123 abc123 password1 1234567
  12345 000000 iloveyou 1q2w3e4r 1q2w3e4r5t qwertyuiop 654321 555555 lovely 7777777 888888 princess
  dragon 123qwe 666666 1qaz2wsx 121212 sunshine master welcome shadow ashley football jesus michael
  ninja mustang admin administrator root toor letmein monkey login passw0rd starwars superman
  trustno1 whatever qazwsx baseball hello freedom batman zaq12wsx matkhau matkhau123 matkhaumoi
  anhyeuem emyeuanh yeuem yeuanh vietnam tuyenquang hanoi saigon hochiminh 123456a a123456
  abc@123 admin@123 admin123 abcd1234 aa123456 123456aa 1234abcd qwerty123 password123 changeme
  default guest user test test123 testtest secret secret123 welcome1 welcome123 p@ssw0rd p@ssword
  congthongtin congthongtindientu tuyenquang123 ubnd ubndtinh sotaichinh quantri quantrivien
  bientap bientapvien nguyen tran pham hoang 12341234 11223344 zxcvbnm asdfghjkl asdfgh`
    .split(/\s+/)
    .filter(Boolean),
);
