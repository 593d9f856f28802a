/** Ideas a user can start from: a short chip label, the full prompt it fills in and the style that suits it. */
export const PROMPT_EXAMPLES = [
  { label: 'Свадебный с пионами', prompt: 'Двухъярусный свадебный торт с белыми пионами и золотым кружевом', style: 'wedding' },
  { label: 'Замок с единорогом', prompt: 'Детский торт-замок с единорогом в пастельных тонах', style: 'kids' },
  { label: 'Бенто с клубникой', prompt: 'Бенто-торт с надписью «С днём рождения!» и клубникой', style: 'bento' },
  { label: 'Зеркальная глазурь', prompt: 'Шоколадный торт с зеркальной глазурью и свежими ягодами', style: 'classic' },
  { label: 'Голый торт', prompt: 'Голый торт с голубикой, мятой и живыми цветами', style: 'minimal' },
  { label: 'Для футболиста', prompt: 'Торт для футбольного фаната: зелёное поле и мяч из мастики', style: 'themed' },
];
